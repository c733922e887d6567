/* SPDX-License-Identifier: GPL-2.0 */
/* roamd's state, shared by its parts. */
#ifndef ROAMD_H
#define ROAMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "aaa/auth.h"
#include "cmd.h"
#include "ctl_proto.h"
#include "db.h"
#include "ipsec/clients.h"
#include "loop.h"
#include "print.h"
#include "restart/restart.h"
#include "session/kernel_events.h"
#include "session/session.h"

#define ROAMD_DEFAULT_CONFIG	"/etc/roam/roamd.conf"
#define ROAMD_DEFAULT_SOCKET	"/run/roam/roamd.sock"

struct roamd_ctl;

#define ROAMD_MAX_LINKS		16

struct roamd {
	const char *config_path;
	const char *socket_path;
	bool foreground;
	/* -l given: it wins over "log level" in the configuration */
	bool level_from_cmdline;
	/*
	 * Take over what an earlier roamd left (the default, -T), or end it
	 * and tell its clients (-E)
	 */
	bool takeover;
	struct timespec started;	/* CLOCK_MONOTONIC */

	struct roamd_loop loop;
	struct roamd_db db;
	/* "link add" lines of the configuration, created by
	 * roamd_config_links() */
	char links[ROAMD_MAX_LINKS][ROAM_IFNAME_MAX + 1];
	int nlinks;
	struct roamd_ctl *ctl;
	int sigfd;
	struct roamd_watch sig_watch;

	/*
	 * The access services (service.c): their state, what they share
	 * (sessions, authentication, the IPsec clients) and one timer.
	 */
	struct roamd_ike *ike;
	struct roamd_l2tp *l2tp;
	struct roamd_pptp *pptp;
	struct session_table sessions;
	struct kernel_events kernel_events;
	struct aaa aaa;
	struct ipsec ipsec;
	bool services_started;
	/* the restart state file (restart/restart.h) */
	struct restart_saver restart;
	int timerfd;
	struct roamd_watch timer_watch;

	/* control requests: all of them, and those refused or failed */
	uint64_t requests, refused;
};

/*
 * signals.c: SIGTERM/SIGINT stop the loop, SIGHUP reloads.  Blocked
 * from the start; read from a signalfd once the process is final.
 */
int roamd_signals_block(void);
int roamd_signals_init(struct roamd *d);
void roamd_signals_fini(struct roamd *d);

/*
 * config.c: read the configuration and, if all of it is good, take its
 * users, pools and log level.  On a reload, also create its devices.
 */
int roamd_config_load(struct roamd *d, bool reload);
/* Create the devices the configuration names (a failure is logged). */
void roamd_config_links(struct roamd *d);

/* exec.c: run one control request's command, printing to out. */
enum roam_ctl_status roamd_exec(struct roamd *d, const struct roam_cmd *cmd,
				unsigned int flags, FILE *out,
				char *err, size_t errlen);

/*
 * session/show.c: "session show" (the kernel's sessions merged with the
 * sessions roamd holds) and "session del" (ends the session properly);
 * "ppp show" (the PPP settings every PPP access method uses).
 */
enum roam_ctl_status roamd_session_exec(struct roamd *d,
					const struct roam_cmd *cmd,
					struct roam_print *p, bool stats,
					char *err, size_t errlen);
bool session_settings_show(struct roamd *d, enum roam_obj obj,
			   struct roam_print *p);

/* ctl.c */
int roamd_ctl_open(struct roamd *d);
void roamd_ctl_close(struct roamd *d);
struct session_event;
/* session_table.event: to every "roam monitor" connected (ctx: roamd). */
void roamd_ctl_session_event(void *ctx, const struct session_event *e);
/* ctl_events.c: one event as a line of text or JSON (malloc'ed). 0/-1 */
int ctl_event_format(const struct session_event *e, bool json, char **out,
		     size_t *len);

#endif /* ROAMD_H */
