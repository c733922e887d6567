/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPP over any lower layer (an L2TP session, a PPTP call): the PPP engine
 * (ppp/) driven for one session.  Authentication goes to aaa/ and its
 * verdict comes back through ppp_link_settle(); the address comes from
 * session_address_take(); IPCP up and down declare and delete the kernel
 * session; the end of PPP ends the session (session_finish()).
 *
 * Frames PPP sends go to the access method's outbox (session_send()); the
 * access method sends them when it settles.  Nothing here calls an access
 * method.
 */
#ifndef ROAMD_PPP_LINK_H
#define ROAMD_PPP_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session/session.h"

struct roamd_settings;

/*
 * Give session s its PPP, configured from the settings (methods, DNS,
 * WINS, echo).  label names the call in the log ("L2TP 3/7").  0, or -1
 * when out of memory.
 */
int ppp_link_attach(struct roamd_session *s, const struct roamd_settings *st);

struct ppp_resume;
/*
 * Give s the PPP session an earlier roamd negotiated, in Opened on r's
 * values (ppp_session_resume()), its echo timer armed.  0, or -1 (r out
 * of shape, s has PPP already, or out of memory).
 */
int ppp_link_resume(struct roamd_session *s, const struct roamd_settings *st,
		    const struct ppp_resume *r, uint64_t now);

/* The lower layer is up: start LCP. */
void ppp_link_start(struct roamd_session *s, uint64_t now);
/* A PPP frame from the client. */
void ppp_link_input(struct roamd_session *s, const uint8_t *frame, size_t len,
		    uint64_t now);
void ppp_link_timer(struct roamd_session *s, uint64_t now);
/* When ppp_link_timer() has work; UINT64_MAX: none. */
uint64_t ppp_link_deadline(const struct roamd_session *s);
/* Close from our side: PPP Terminate, then the ending of session.h. */
void ppp_link_close(struct roamd_session *s, uint64_t now);
/* The lower layer went away under PPP: PPP ends, nothing is sent. */
void ppp_link_lower_down(struct roamd_session *s, uint64_t now);

/* The earliest PPP timer of any session, and running those due. */
uint64_t ppp_link_table_deadline(const struct session_table *t);
void ppp_link_table_timer(struct session_table *t, uint64_t now);

/* Hand the verdicts aaa has to their sessions; true if any. */
bool ppp_link_settle(struct session_table *t, uint64_t now);

#endif /* ROAMD_PPP_LINK_H */
