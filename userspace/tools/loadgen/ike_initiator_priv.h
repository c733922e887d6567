/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal: between ike_initiator.c (what we send, retransmission) and
 * ike_initiator_read.c (what the server's answers mean).
 */
#ifndef ROAM_LOADGEN_IKE_INITIATOR_PRIV_H
#define ROAM_LOADGEN_IKE_INITIATOR_PRIV_H

#include "ike_initiator.h"

/* An answer dropped: counted, the reason kept for the failure report. */
void ikei_drop(struct ikei *in, const char *why);
void ikei_fail(struct ikei *in, enum ikei_cause cause, const char *why);
void ikei_send(struct ikei *in, uint64_t now, const struct ike_buf *b,
	       bool rtx);
void ikei_resend_last(struct ikei *in);
void ikei_own_id(const struct ikei *in, uint8_t id[8]);
void ikei_send_mm3(struct ikei *in, uint64_t now);
void ikei_send_mm5(struct ikei *in, uint64_t now);
void ikei_send_qm1(struct ikei *in, uint64_t now);
void ikei_send_qm3(struct ikei *in, uint64_t now, const uint8_t *nr,
		   size_t nr_len);
/* One ISAKMP message, the non-ESP marker already removed. */
void ikei_read(struct ikei *in, uint64_t now, const uint8_t *buf,
	       size_t len);

#endif /* ROAM_LOADGEN_IKE_INITIATOR_PRIV_H */
