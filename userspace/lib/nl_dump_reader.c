// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

#include "nl_dump_reader.h"
#include "util.h"

struct roam_nl_reader {
	/* set before the thread starts, not changed after */
	struct nl_sock *sk;
	roam_nl_recv_fn recv;
	uint32_t seq;
	pthread_t thread;
	/* the thread's own: why its last receive failed */
	struct roam_nl_err err;

	/* protects the queue, the spare buffers, full and stop */
	pthread_mutex_t lock;
	pthread_cond_t ready;	/* a part was queued */
	pthread_cond_t room;	/* half the queue is free, or stop was set */
	struct roam_nl_part q[ROAM_NL_READER_PARTS];
	unsigned int head, count;
	/*
	 * The reader found the queue full and waits until half of it is
	 * free: woken once for several parts rather than once a part (a
	 * futex wake and two context switches each, when the caller is the
	 * slower of the two).
	 */
	bool full;
	/* buffers given back, to be filled again (direct reading only) */
	unsigned char *spare[ROAM_NL_READER_PARTS + 2];
	unsigned int nspare;
	bool stop;
};

bool roam_nl_part_ends(const unsigned char *buf, int len, uint32_t seq)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;

	for (; nlmsg_ok(h, len); h = nlmsg_next((struct nlmsghdr *)h, &len)) {
		if (h->nlmsg_seq != seq)
			return true;
		switch (h->nlmsg_type) {
		case NLMSG_OVERRUN:
		case NLMSG_DONE:
		case NLMSG_ERROR:
			return true;
		}
	}
	return false;
}

/* One part, into buf (direct reading) or a buffer recv allocates. */
static int receive(struct roam_nl_reader *r, unsigned char **buf)
{
	if (!r->recv) {
		if (!*buf)
			*buf = malloc(ROAM_NL_DUMP_BUF_SIZE);
		if (!*buf) {
			roam_nl_err_set(&r->err, ENOMEM, NULL);
			return -1;
		}
		return roam_nl_recv_part(r->sk, *buf, &r->err);
	}
	return roam_nl_recv_hooked(r->sk, r->recv, buf, &r->err);
}

static void *reader_main(void *arg)
{
	struct roam_nl_reader *r = arg;
	struct roam_nl_part part;

	do {
		pthread_mutex_lock(&r->lock);
		if (r->count == ROAM_NL_READER_PARTS) {
			r->full = true;
			while (r->count > ROAM_NL_READER_PARTS / 2 && !r->stop)
				pthread_cond_wait(&r->room, &r->lock);
			r->full = false;
		}
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		part.buf = r->nspare ? r->spare[--r->nspare] : NULL;
		pthread_mutex_unlock(&r->lock);

		part.len = receive(r, &part.buf);
		part.last = part.len < 0 ||
			    roam_nl_part_ends(part.buf, part.len, r->seq);

		pthread_mutex_lock(&r->lock);
		r->q[(r->head + r->count) % ROAM_NL_READER_PARTS] = part;
		r->count++;
		pthread_cond_signal(&r->ready);
		pthread_mutex_unlock(&r->lock);
	} while (!part.last);
	return NULL;
}

/*
 * The reader pays off only with a second CPU to run on beside the caller:
 * on one, the kernel's filling and the decoding take turns anyway, and
 * the handing over of the parts only adds context switches (a listing of
 * 100k sessions pinned to one CPU took 4-8% longer with the thread).
 */
static bool second_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return true;
	return CPU_COUNT(&set) > 1;
}

struct roam_nl_reader *roam_nl_reader_start(struct nl_sock *sk,
					    roam_nl_recv_fn recv,
					    uint32_t seq)
{
	struct roam_nl_reader *r;

	if (!second_cpu())
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->sk = sk;
	r->recv = recv;
	r->seq = seq;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->ready, NULL);
	pthread_cond_init(&r->room, NULL);
	if (pthread_create(&r->thread, NULL, reader_main, r)) {
		pthread_cond_destroy(&r->room);
		pthread_cond_destroy(&r->ready);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return NULL;
	}
	return r;
}

void roam_nl_reader_next(struct roam_nl_reader *r, struct roam_nl_part *part,
			 struct roam_nl_err *e)
{
	pthread_mutex_lock(&r->lock);
	while (!r->count)
		pthread_cond_wait(&r->ready, &r->lock);
	*part = r->q[r->head];
	r->head = (r->head + 1) % ROAM_NL_READER_PARTS;
	r->count--;
	if (r->full && r->count <= ROAM_NL_READER_PARTS / 2)
		pthread_cond_signal(&r->room);
	pthread_mutex_unlock(&r->lock);
	/* the thread wrote err before it queued its failed part */
	if (part->len < 0)
		*e = r->err;
}

void roam_nl_reader_put(struct roam_nl_reader *r, struct roam_nl_part *part)
{
	unsigned char *buf = part->buf;

	part->buf = NULL;
	if (!buf)
		return;
	/* a hook's buffers are its own, one per part */
	if (r->recv) {
		free(buf);
		return;
	}
	pthread_mutex_lock(&r->lock);
	if (r->nspare < ARRAY_SIZE(r->spare)) {
		r->spare[r->nspare++] = buf;
		buf = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	free(buf);
}

void roam_nl_reader_stop(struct roam_nl_reader *r)
{
	unsigned int i;

	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_signal(&r->room);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	for (i = 0; i < r->count; i++)
		free(r->q[(r->head + i) % ROAM_NL_READER_PARTS].buf);
	for (i = 0; i < r->nspare; i++)
		free(r->spare[i]);
	pthread_cond_destroy(&r->room);
	pthread_cond_destroy(&r->ready);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
