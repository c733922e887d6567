// SPDX-License-Identifier: GPL-2.0
/*
 * The action list a PPP call hands back to the event loop.
 */
#include <string.h>

#include "out.h"

void ppp_out_reset(struct ppp_out *o)
{
	o->nframes = 0;
	o->used = 0;
	o->nevents = 0;
	o->dropped = 0;
}

const uint8_t *ppp_out_frame(const struct ppp_out *o, unsigned int i,
			     size_t *len)
{
	if (i >= o->nframes) {
		*len = 0;
		return NULL;
	}
	*len = o->frame[i].len;
	return o->buf + o->frame[i].off;
}

void ppp_out_begin(struct ppp_out *o, struct ppp_buf *b, uint16_t proto)
{
	size_t room = sizeof(o->buf) - o->used;

	if (o->nframes >= PPP_OUT_FRAMES)
		room = 0;
	if (room > PPP_FRAME_MAX)
		room = PPP_FRAME_MAX;
	ppp_buf_init(b, o->buf + o->used, room);
	ppp_frame_begin(b, proto);
}

void ppp_out_commit(struct ppp_out *o, struct ppp_buf *b)
{
	if (b->overflow || o->nframes >= PPP_OUT_FRAMES) {
		o->dropped++;
		return;
	}
	o->frame[o->nframes].off = (uint16_t)(b->data - o->buf);
	o->frame[o->nframes].len = (uint16_t)b->len;
	o->nframes++;
	o->used += b->len;
}

void ppp_out_cp(struct ppp_out *o, uint16_t proto, uint8_t code, uint8_t id,
		const void *data, size_t len)
{
	struct ppp_buf b;
	size_t start;

	ppp_out_begin(o, &b, proto);
	start = ppp_cp_begin(&b, code, id);
	ppp_put(&b, data, len);
	ppp_cp_end(&b, start);
	ppp_out_commit(o, &b);
}

void ppp_out_event(struct ppp_out *o, enum ppp_event ev)
{
	if (o->nevents >= PPP_OUT_EVENTS) {
		o->dropped++;
		return;
	}
	o->event[o->nevents++] = ev;
}
