/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT traversal (RFC 3947 and draft-ietf-ipsec-nat-t-ike-02/03) and the
 * other vendor IDs clients send: which NAT-T dialect the peer speaks, the
 * NAT-D hashes, and the payload and mode numbers each dialect uses.
 */
#ifndef ROAM_IKE_NATT_H
#define ROAM_IKE_NATT_H

#include "crypto.h"
#include "payload.h"

/* Ordered: a higher value is preferred when a peer sends several. */
enum ike_natt {
	IKE_NATT_NONE,
	IKE_NATT_DRAFT_02,
	IKE_NATT_DRAFT_02N,		/* "...-02\n", sent by Windows */
	IKE_NATT_DRAFT_03,
	IKE_NATT_RFC,
};

enum ike_vid_kind {
	IKE_VID_UNKNOWN,
	IKE_VID_NATT,
	IKE_VID_DPD,
	IKE_VID_MS_NT5,			/* "MS NT5 ISAKMPOAKLEY" + version */
	IKE_VID_MS_NDC,			/* "MS-Negotiation Discovery Capable" */
	IKE_VID_MS_CGA,			/* "IKE CGA version 1" */
	IKE_VID_MS_INITIAL_CONTACT,	/* "Vid-Initial-Contact" */
	IKE_VID_FRAGMENTATION,
	IKE_VID_CISCO_UNITY,
	IKE_VID_XAUTH,
};

struct ike_vid_info {
	enum ike_vid_kind kind;
	enum ike_natt natt;		/* for IKE_VID_NATT */
	const char *name;
};

void ike_vid_classify(const uint8_t *vid, size_t len, struct ike_vid_info *vi);

/* The vendor ID payload body we send for a dialect or for DPD. */
const uint8_t *ike_vid_natt(enum ike_natt n, size_t *len);
const uint8_t *ike_vid_dpd(size_t *len);
/* Cisco Unity (version 1.0) and XAUTH, returned to remote-access clients. */
const uint8_t *ike_vid_unity(size_t *len);
const uint8_t *ike_vid_xauth(size_t *len);

uint8_t ike_natd_type(enum ike_natt n);
uint8_t ike_natoa_type(enum ike_natt n);
/* Encapsulation mode for UDP transport in this dialect. */
uint16_t ike_natt_udp_transport(enum ike_natt n);

/* NAT-D = hash(CKY-I | CKY-R | IP | port), with the phase 1 hash. */
int ike_natd_hash(enum ike_hash h, const uint8_t cky_i[8],
		  const uint8_t cky_r[8], const struct ike_addr *a,
		  uint8_t *out);

#endif /* ROAM_IKE_NATT_H */
