/* SPDX-License-Identifier: GPL-2.0 */
/* roamd's one event loop (epoll). */
#ifndef ROAMD_LOOP_H
#define ROAMD_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

struct roamd_watch;
typedef void (*roamd_watch_cb)(struct roamd_watch *w, uint32_t events);

/* Embedded in whatever owns the fd; cb finds it with container_of(). */
struct roamd_watch {
	int fd;
	roamd_watch_cb cb;
};

/*
 * Called after each batch of events.  Objects that go away while a batch
 * is being dispatched are freed here, never in the middle of it: a later
 * event of the same batch may still point at them.
 */
typedef void (*roamd_idle_cb)(void *arg);

#define ROAMD_LOOP_MAX_IDLE	4

struct roamd_loop {
	int epfd;
	bool stop;
	int nidle;
	struct {
		roamd_idle_cb cb;
		void *arg;
	} idle[ROAMD_LOOP_MAX_IDLE];
};

int loop_init(struct roamd_loop *l);
void loop_fini(struct roamd_loop *l);
int loop_add(struct roamd_loop *l, struct roamd_watch *w, uint32_t events);
int loop_mod(struct roamd_loop *l, struct roamd_watch *w, uint32_t events);
void loop_del(struct roamd_loop *l, struct roamd_watch *w);
int loop_add_idle(struct roamd_loop *l, roamd_idle_cb cb, void *arg);
/* Dispatch events until loop_stop().  Returns 0, or -1 if epoll fails. */
int loop_run(struct roamd_loop *l);
void loop_stop(struct roamd_loop *l);

/*
 * Room for bursts on a socket that hears from the internet: a few
 * thousand junk datagrams a second must not crowd out the clients'
 * control traffic before the loop reads them.
 */
#define ROAMD_UDP_RCVBUF	(4 << 20)
void loop_sock_rcvbuf(int fd, int bytes);

#endif /* ROAMD_LOOP_H */
