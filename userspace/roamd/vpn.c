// SPDX-License-Identifier: GPL-2.0
/*
 * Starts and stops the VPN services and runs their timers: one timerfd,
 * armed for the earliest deadline of any service after every event.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "roamd.h"
#include "vpn.h"

static const struct vpn_engine *const engines[] = {
	&ike_engine,
	&lns_engine,
};

#define N_ENGINES (sizeof(engines) / sizeof(engines[0]))

uint64_t vpn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void vpn_timer_update(struct roamd *d)
{
	struct itimerspec its = {};
	uint64_t next = UINT64_MAX, now;
	size_t i;

	if (d->timerfd < 0)
		return;
	for (i = 0; i < N_ENGINES; i++) {
		uint64_t t = engines[i]->deadline(d);

		if (t < next)
			next = t;
	}
	if (next != UINT64_MAX) {
		now = vpn_now_ms();
		/* 0 would disarm: an overdue deadline fires in 1 ms */
		next = next > now ? next - now : 1;
		its.it_value.tv_sec = next / 1000;
		its.it_value.tv_nsec = (next % 1000) * 1000000;
	}
	timerfd_settime(d->timerfd, 0, &its, NULL);
}

static void vpn_timer_fired(struct roamd_watch *w, uint32_t events)
{
	struct roamd *d = container_of(w, struct roamd, timer_watch);
	uint64_t expirations, now = vpn_now_ms();
	size_t i;

	(void)events;
	if (read(d->timerfd, &expirations, sizeof(expirations)) < 0 &&
	    errno != EAGAIN)
		log_warn("timer: %m");
	for (i = 0; i < N_ENGINES; i++)
		if (engines[i]->deadline(d) <= now)
			engines[i]->timer(d, now);
	vpn_timer_update(d);
}

int vpn_start(struct roamd *d)
{
	size_t i;

	d->timerfd = timerfd_create(CLOCK_MONOTONIC,
				    TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->timerfd < 0) {
		log_err("timerfd: %m");
		return -1;
	}
	d->timer_watch.fd = d->timerfd;
	d->timer_watch.cb = vpn_timer_fired;
	if (loop_add(&d->loop, &d->timer_watch, EPOLLIN)) {
		log_err("epoll: %m");
		return -1;
	}
	for (i = 0; i < N_ENGINES; i++) {
		if (engines[i]->start(d)) {
			log_err("cannot start %s", engines[i]->name);
			while (i--)
				engines[i]->stop(d);
			return -1;
		}
	}
	vpn_timer_update(d);
	return 0;
}

void vpn_stop(struct roamd *d)
{
	size_t i = N_ENGINES;

	/* L2TP and PPP calls go first: they rest on the IPsec SAs. */
	while (i--)
		engines[i]->stop(d);
	if (d->timerfd >= 0) {
		loop_del(&d->loop, &d->timer_watch);
		close(d->timerfd);
		d->timerfd = -1;
	}
}

void vpn_settings_changed(struct roamd *d)
{
	size_t i;

	for (i = 0; i < N_ENGINES; i++)
		if (engines[i]->settings_changed)
			engines[i]->settings_changed(d);
	vpn_timer_update(d);
}

void vpn_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	      bool stats)
{
	size_t i;

	for (i = 0; i < N_ENGINES; i++)
		if (engines[i]->show && engines[i]->show(d, obj, p, stats))
			return;
}

int vpn_calls(struct roamd *d, struct roam_call_list *l)
{
	size_t i;

	for (i = 0; i < N_ENGINES; i++)
		if (engines[i]->calls && engines[i]->calls(d, l))
			return -1;
	return 0;
}

bool vpn_close_session(struct roamd *d, uint32_t ifindex, uint32_t id)
{
	size_t i;

	for (i = 0; i < N_ENGINES; i++)
		if (engines[i]->close_session &&
		    engines[i]->close_session(d, ifindex, id))
			return true;
	return false;
}
