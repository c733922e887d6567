/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one call into the PPP code asks its caller to do: frames to send
 * (complete PPP frames, ff 03 and protocol included) and events to act on,
 * in order.  The caller owns one of these (on its stack or per event loop,
 * not per session), resets it before a call and carries it out after.
 */
#ifndef ROAM_PPP_OUT_H
#define ROAM_PPP_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* One input causes at most a handful of frames; timers a few more. */
#define PPP_OUT_FRAMES	16
#define PPP_OUT_BYTES	(8 * PPP_FRAME_MAX)
#define PPP_OUT_EVENTS	8

enum ppp_event {
	PPP_EV_AUTH_OK = 1,	/* the peer proved who it is */
	PPP_EV_IPV4_UP,		/* IPCP opened: install the session's route */
	PPP_EV_IPV4_DOWN,	/* IPCP left Opened: stop forwarding IPv4 */
	PPP_EV_IPV6_UP,
	PPP_EV_IPV6_DOWN,
	PPP_EV_FINISHED,	/* link dead: send the frames, drop the call */
	/*
	 * CCP opened with MPPE: ppp_session_mppe() has the keys.  With MPPE
	 * required it comes before IPV4_UP/IPV6_UP, which wait for it.
	 */
	PPP_EV_MPPE_UP,
};

struct ppp_out_frame {
	uint16_t off;
	uint16_t len;
};

struct ppp_out {
	unsigned int nframes;
	struct ppp_out_frame frame[PPP_OUT_FRAMES];
	size_t used;
	unsigned int nevents;
	enum ppp_event event[PPP_OUT_EVENTS];
	unsigned int dropped;	/* frames or events that did not fit */
	uint8_t buf[PPP_OUT_BYTES];
};

void ppp_out_reset(struct ppp_out *o);
/* Frame i of o->nframes; len receives its length. */
const uint8_t *ppp_out_frame(const struct ppp_out *o, unsigned int i,
			     size_t *len);

/*
 * For the PPP layers: start a frame of protocol proto, write its payload
 * into b, then commit.  A frame that overflowed is dropped and counted.
 */
void ppp_out_begin(struct ppp_out *o, struct ppp_buf *b, uint16_t proto);
void ppp_out_commit(struct ppp_out *o, struct ppp_buf *b);
/* A whole control packet in one call. */
void ppp_out_cp(struct ppp_out *o, uint16_t proto, uint8_t code, uint8_t id,
		const void *data, size_t len);
void ppp_out_event(struct ppp_out *o, enum ppp_event ev);

#endif /* ROAM_PPP_OUT_H */
