// SPDX-License-Identifier: GPL-2.0
/*
 * Starts and stops the access services and the session layer, runs their
 * timers (one timerfd, armed for the earliest deadline after every event)
 * and the settling loop that follows every event (service.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "aaa/auth.h"
#include "log.h"
#include "roamd.h"
#include "service.h"
#include "session/policy_enforce.h"
#include "session/ppp_link.h"
#include "session/session.h"

/* RADIUS first: it is stopped last, after the sessions that ask it. */
static const struct roamd_service *const services[] = {
	&radius_service,
	&ike_service,
	&l2tp_service,
	&pptp_service,
};

#define N_SERVICES (sizeof(services) / sizeof(services[0]))

/* No event may loop forever: a bound far above any real chain. */
#define SETTLE_ROUNDS	64

uint64_t roamd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void timer_update(struct roamd *d)
{
	struct itimerspec its = {};
	uint64_t next, now;
	size_t i;

	if (d->timerfd < 0)
		return;
	next = ppp_link_table_deadline(&d->sessions);
	next = earliest(next, session_policy_deadline(&d->sessions));
	/* a held-off save wakes the loop, which saves as it settles */
	next = earliest(next, restart_deadline(d));
	for (i = 0; i < N_SERVICES; i++) {
		uint64_t t = services[i]->deadline(d);

		if (t < next)
			next = t;
	}
	if (next != UINT64_MAX) {
		now = roamd_now_ms();
		/* 0 would disarm: an overdue deadline fires in 1 ms */
		next = next > now ? next - now : 1;
		its.it_value.tv_sec = next / 1000;
		its.it_value.tv_nsec = (next % 1000) * 1000000;
	}
	timerfd_settime(d->timerfd, 0, &its, NULL);
}

/* The device new sessions go on: the first of the configuration. */
static void sessions_device(struct roamd *d)
{
	snprintf(d->sessions.dev, sizeof(d->sessions.dev), "%s",
		 d->nlinks ? d->links[0] : "");
}

void services_settle(struct roamd *d)
{
	uint64_t now = roamd_now_ms();
	unsigned int round;
	bool busy = true;
	size_t i;

	for (round = 0; busy && round < SETTLE_ROUNDS; round++) {
		busy = aaa_run(&d->aaa);
		busy |= ppp_link_settle(&d->sessions, now);
		for (i = 0; i < N_SERVICES; i++)
			if (services[i]->settle)
				busy |= services[i]->settle(d, now);
	}
	if (busy)
		log_warn("services: work still queued after %u rounds; the rest waits for the next event",
			 SETTLE_ROUNDS);
	session_reap(&d->sessions);
	restart_persist(d);
	timer_update(d);
}

/* The loop calls it after every batch of events (loop.h). */
static void settle_idle(void *arg)
{
	struct roamd *d = arg;

	if (d->services_started)
		services_settle(d);
}

static void timer_fired(struct roamd_watch *w, uint32_t events)
{
	struct roamd *d = container_of(w, struct roamd, timer_watch);
	uint64_t expirations, now = roamd_now_ms();
	size_t i;

	(void)events;
	if (read(d->timerfd, &expirations, sizeof(expirations)) < 0 &&
	    errno != EAGAIN)
		log_warn("timer: %m");
	for (i = 0; i < N_SERVICES; i++)
		if (services[i]->deadline(d) <= now)
			services[i]->timer(d, now);
	ppp_link_table_timer(&d->sessions, now);
	if (session_policy_deadline(&d->sessions) <= now)
		session_policy_timer(&d->sessions, now);
}

int services_start(struct roamd *d)
{
	size_t i;

	aaa_init(&d->aaa, &d->db.users);
	session_table_init(&d->sessions, &d->db, &d->aaa);
	d->sessions.event = roamd_ctl_session_event;
	d->sessions.event_ctx = d;
	sessions_device(d);
	/* before anything is opened: the earlier roamd's clients told, its
	 * SAs and kernel sessions removed */
	restart_recover(d);
	/* what it kept to take over stays in the kernel */
	session_kernel_open(&d->sessions.kernel, !d->restart.pending);
	kernel_events_open(&d->kernel_events, &d->sessions, &d->loop);
	ipsec_init(&d->ipsec);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC,
				    TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->timerfd < 0) {
		log_err("timerfd: %m");
		return -1;
	}
	d->timer_watch.fd = d->timerfd;
	d->timer_watch.cb = timer_fired;
	if (loop_add(&d->loop, &d->timer_watch, EPOLLIN) ||
	    loop_add_idle(&d->loop, settle_idle, d)) {
		log_err("epoll: %m");
		return -1;
	}
	for (i = 0; i < N_SERVICES; i++) {
		if (services[i]->start(d)) {
			log_err("cannot start %s", services[i]->name);
			while (i--)
				services[i]->stop(d);
			return -1;
		}
	}
	d->services_started = true;
	restart_resume(d);
	services_settle(d);
	return 0;
}

void services_stop(struct roamd *d)
{
	size_t i = N_SERVICES;

	/* L2TP and PPP calls go first: they rest on the IPsec SAs. */
	if (d->services_started) {
		while (i--)
			services[i]->stop(d);
		d->services_started = false;
	}
	kernel_events_close(&d->kernel_events);
	session_table_fini(&d->sessions);
	session_kernel_close(&d->sessions.kernel);
	/* everything is removed: nothing for a next roamd to find */
	restart_stopped(d);
	aaa_fini(&d->aaa);
	if (d->timerfd >= 0) {
		loop_del(&d->loop, &d->timer_watch);
		close(d->timerfd);
		d->timerfd = -1;
	}
}

void services_settings_changed(struct roamd *d)
{
	size_t i;

	/* a service may stop or start: its saved state with it */
	restart_mark_dirty(d);
	sessions_device(d);
	/* a policy may have changed: every session is checked again */
	d->sessions.policy_recheck = true;
	for (i = 0; i < N_SERVICES; i++)
		if (services[i]->settings_changed)
			services[i]->settings_changed(d);
}

void services_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
		   bool stats)
{
	size_t i;

	for (i = 0; i < N_SERVICES; i++)
		if (services[i]->show && services[i]->show(d, obj, p, stats))
			return;
	session_settings_show(d, obj, p);
}
