// SPDX-License-Identifier: GPL-2.0
/* Signals arrive as events of the loop (signalfd), never as handlers. */
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"
#include "roamd.h"
#include "service.h"

static void on_signal(struct roamd_watch *w, uint32_t events)
{
	struct roamd *d = container_of(w, struct roamd, sig_watch);
	struct signalfd_siginfo si;

	(void)events;
	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			log_info("SIG%s received, stopping",
				 sigabbrev_np(si.ssi_signo));
			loop_stop(&d->loop);
			break;
		case SIGHUP:
			log_info("SIGHUP received, reloading %s",
				 d->config_path);
			if (!roamd_config_load(d, true))
				services_settings_changed(d);
			break;
		}
	}
}

static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

int roamd_signals_block(void)
{
	sigset_t set;

	/* a client that hangs up early must not kill us on write */
	signal(SIGPIPE, SIG_IGN);
	stop_signals(&set);
	return sigprocmask(SIG_BLOCK, &set, NULL);
}

/*
 * After detaching, not before: a signalfd wakes up epoll through the
 * signal queue of the process that registered it, so one registered by
 * the parent would never fire in the child.
 */
int roamd_signals_init(struct roamd *d)
{
	sigset_t set;

	stop_signals(&set);
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sigfd < 0)
		return -1;
	d->sig_watch.fd = d->sigfd;
	d->sig_watch.cb = on_signal;
	return loop_add(&d->loop, &d->sig_watch, EPOLLIN);
}

void roamd_signals_fini(struct roamd *d)
{
	if (d->sigfd >= 0) {
		loop_del(&d->loop, &d->sig_watch);
		close(d->sigfd);
	}
	d->sigfd = -1;
}
