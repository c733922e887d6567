/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd across its own restarts (Documentation/design.md, "Restart").
 *
 * While it runs, roamd keeps the restart state (state.h) current in a
 * file beside its control socket (/run/roam/roamd.state by default: a
 * tmpfs), rewritten at the end of a loop iteration in which it changed.
 * When it starts, it reads what an earlier roamd left there, compares it
 * with what the kernel holds, takes over the sessions whose every piece
 * is there (takeover.h, resume.c; not with roamd -E), tells the other
 * clients and removes the rest (reconcile.h), and logs once what it
 * found and did.  A clean stop removes everything itself and then the
 * file.
 */
#ifndef ROAMD_RESTART_H
#define ROAMD_RESTART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct roamd;

/*
 * What the owners of the saved state said of it when it was last saved:
 * their change counters (ike_saved_changes(), l2tp_saved_changes(), and
 * the IPsec and session tables' saved_changes) and which IKE and L2TP
 * contexts they were (a service stopped and started has a fresh counter).
 * While all are the same, nothing saved can have changed and the state
 * is not rebuilt: an event that changes none of it costs nothing here.
 */
struct restart_seen {
	const void *ike_ctx, *l2tp_ctx;
	uint64_t ike, l2tp, ipsec, sessions;
};

struct restart_state;
struct takeover_plan;
struct kview_sa;

struct restart_saver {
	char *path;		/* NULL: not persisting (no path) */
	bool failed;		/* the last write failed (logged once) */
	bool dirty;		/* rebuild at the next restart_persist() */
	struct restart_seen seen;	/* valid when !dirty */
	/*
	 * No rebuild before next_us (CLOCK_MONOTONIC, microseconds): the
	 * last one's cost times a factor (persist.c).  held: a change
	 * waits for it.
	 */
	uint64_t next_us;
	bool held;
	struct {
		uint64_t rebuilds;	/* state read out and encoded */
		uint64_t rebuild_us;	/* the time they took in all */
		uint64_t written;	/* files written */
		uint64_t held;		/* changes that waited for a hold-off */
		uint64_t last_len;	/* bytes of the last encoding */
	} stats;
	/*
	 * Taking over (the default; not with roamd -E): what
	 * restart_recover() found and left alone, for restart_resume() once
	 * the services run; NULL: none.  pending_esp: for each of
	 * pending->esp, its inbound SA as the kernel showed it (spi 0: not
	 * found), for the algorithms and lifetime the state does not hold.
	 */
	struct restart_state *pending;
	struct takeover_plan *pending_plan;
	struct kview_sa *pending_esp;
};

/* The state file's path, beside the control socket; 0 or -1 (no memory). */
int restart_init(struct roamd *d);
void restart_fini(struct roamd *d);

/* At start, before the services open: what an earlier roamd left. */
void restart_recover(struct roamd *d);
/*
 * Once the services run (their sockets open): the sessions
 * restart_recover() kept are taken over, each whole or ended (resume.c).
 */
void restart_resume(struct roamd *d);
/*
 * After each loop iteration: rewrite the file if the state changed, once
 * the hold-off after the last rebuild is over (persist.c).
 */
void restart_persist(struct roamd *d);
/* When a change held off is due (ms, roamd_now_ms()); UINT64_MAX: none. */
uint64_t restart_deadline(const struct roamd *d);
/* Something the change counters do not follow changed: rebuild next time. */
void restart_mark_dirty(struct roamd *d);
/* After a clean stop (everything removed): the file goes. */
void restart_stopped(struct roamd *d);

struct restart_ike;
struct ike_sa_secrets;
/* An ISAKMP SA's cookies, addresses and keys as saved, for the engine. */
void restart_ike_secrets(const struct restart_ike *r,
			 struct ike_sa_secrets *s);

#endif /* ROAMD_RESTART_H */
