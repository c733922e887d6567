/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd across its own restarts (Documentation/design.md, "Restart").
 *
 * While it runs, roamd keeps the restart state (state.h) current in a
 * file beside its control socket (/run/roam/roamd.state by default: a
 * tmpfs), rewritten at the end of a loop iteration in which it changed.
 * When it starts, it reads what an earlier roamd left there, compares it
 * with what the kernel holds, tells the clients and removes it all
 * (reconcile.h), and logs once what it found and did.  A clean stop
 * removes everything itself and then the file.
 */
#ifndef ROAMD_RESTART_H
#define ROAMD_RESTART_H

#include <stddef.h>
#include <stdint.h>

struct roamd;

struct restart_saver {
	char *path;		/* NULL: not persisting (no path) */
	uint8_t *last;		/* what the file holds now (keys: wiped) */
	size_t last_len;
	bool failed;		/* the last write failed (logged once) */
};

/* The state file's path, beside the control socket; 0 or -1 (no memory). */
int restart_init(struct roamd *d);
void restart_fini(struct roamd *d);

/* At start, before the services open: what an earlier roamd left. */
void restart_recover(struct roamd *d);
/* After each loop iteration: rewrite the file if the state changed. */
void restart_persist(struct roamd *d);
/* After a clean stop (everything removed): the file goes. */
void restart_stopped(struct roamd *d);

#endif /* ROAMD_RESTART_H */
