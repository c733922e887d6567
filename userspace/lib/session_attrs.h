/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attributes of one session message of the "roam" family (a dump's
 * row, a get's reply, an add or delete event) decoded into a
 * roam_session_info, in one pass over a buffer of explicit length and
 * without libnl: at 100k sessions, libnl's parser (an index table per
 * row and a library call per attribute) was a good part of what
 * "roam session show" cost on top of the kernel's dump, more so in an
 * emulated machine, where every indirect call is dear.
 */
#ifndef ROAM_SESSION_ATTRS_H
#define ROAM_SESSION_ATTRS_H

#include <stddef.h>
#include <stdint.h>

#include "session_info.h"

/*
 * attrs: len bytes of netlink attributes (the message's payload after its
 * genetlink header).  Returns 0, or -1 when the row cannot be used: no
 * ifindex or id, or an l2tp or pptp nest that is malformed or lacks its
 * ids.  What the decoder reads:
 *  - an attribute that claims more than is left ends the walk; what came
 *    before it is kept;
 *  - a top-level attribute of the wrong size is read as absent;
 *  - in a nest, one of the wrong size makes the nest, hence the row,
 *    malformed (as a policy check would);
 *  - unknown types are skipped; of repeated ones the last counts.
 */
int roam_session_attrs_decode(const void *attrs, size_t len,
			      struct roam_session_info *s);

#endif /* ROAM_SESSION_ATTRS_H */
