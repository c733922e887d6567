// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define LOOP_BATCH	32

int loop_init(struct roamd_loop *l)
{
	memset(l, 0, sizeof(*l));
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	return l->epfd < 0 ? -1 : 0;
}

void loop_fini(struct roamd_loop *l)
{
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = -1;
}

int loop_add(struct roamd_loop *l, struct roamd_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, w->fd, &ev);
}

int loop_mod(struct roamd_loop *l, struct roamd_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev);
}

void loop_del(struct roamd_loop *l, struct roamd_watch *w)
{
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

int loop_add_idle(struct roamd_loop *l, roamd_idle_cb cb, void *arg)
{
	if (l->nidle == ROAMD_LOOP_MAX_IDLE)
		return -1;
	l->idle[l->nidle].cb = cb;
	l->idle[l->nidle].arg = arg;
	l->nidle++;
	return 0;
}

void loop_stop(struct roamd_loop *l)
{
	l->stop = true;
}

int loop_run(struct roamd_loop *l)
{
	struct epoll_event ev[LOOP_BATCH];

	while (!l->stop) {
		int n, i;

		n = epoll_wait(l->epfd, ev, LOOP_BATCH, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_err("epoll_wait: %m");
			return -1;
		}
		for (i = 0; i < n; i++) {
			struct roamd_watch *w = ev[i].data.ptr;

			w->cb(w, ev[i].events);
		}
		for (i = 0; i < l->nidle; i++)
			l->idle[i].cb(l->idle[i].arg);
	}
	return 0;
}

void loop_sock_rcvbuf(int fd, int bytes)
{
	/* FORCE passes net.core.rmem_max (roamd runs as root); else the cap */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}
