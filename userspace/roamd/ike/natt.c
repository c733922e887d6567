// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor IDs are MD5 hashes of fixed strings.  They are spelt out here
 * rather than hashed at run time so that NAT-T keeps working where MD5 is
 * disabled (FIPS); the test suite recomputes each from its string.
 */
#include <string.h>
#include <sys/socket.h>

#include "natt.h"
#include "proposal.h"

struct vid {
	uint8_t hash[16];
	size_t match;			/* bytes compared: a prefix for MS NT5 */
	enum ike_vid_kind kind;
	enum ike_natt natt;
	const char *name;
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const struct vid vids[] = {
	/* MD5("RFC 3947") */
	{ { 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
	    0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f },
	  16, IKE_VID_NATT, IKE_NATT_RFC, "RFC 3947 NAT-T" },
	/* MD5("draft-ietf-ipsec-nat-t-ike-03") */
	{ { 0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f,
	    0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56 },
	  16, IKE_VID_NATT, IKE_NATT_DRAFT_03, "NAT-T draft 03" },
	/* MD5("draft-ietf-ipsec-nat-t-ike-02\n") */
	{ { 0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e,
	    0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f },
	  16, IKE_VID_NATT, IKE_NATT_DRAFT_02N, "NAT-T draft 02\\n" },
	/* MD5("draft-ietf-ipsec-nat-t-ike-02") */
	{ { 0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8,
	    0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48 },
	  16, IKE_VID_NATT, IKE_NATT_DRAFT_02, "NAT-T draft 02" },
	/* RFC 3706: a fixed value, followed by major/minor version 1.0 */
	{ { 0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
	    0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00 },
	  16, IKE_VID_DPD, IKE_NATT_NONE, "DPD" },
	/* MD5("MS NT5 ISAKMPOAKLEY"), then a 4-byte Windows version */
	{ { 0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d,
	    0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61 },
	  16, IKE_VID_MS_NT5, IKE_NATT_NONE, "MS NT5 ISAKMPOAKLEY" },
	/* MD5("MS-Negotiation Discovery Capable") */
	{ { 0xfb, 0x1d, 0xe3, 0xcd, 0xf3, 0x41, 0xb7, 0xea,
	    0x16, 0xb7, 0xe5, 0xbe, 0x08, 0x55, 0xf1, 0x20 },
	  16, IKE_VID_MS_NDC, IKE_NATT_NONE, "MS-Negotiation Discovery Capable" },
	/* MD5("IKE CGA version 1") */
	{ { 0xe3, 0xa5, 0x96, 0x6a, 0x76, 0x37, 0x9f, 0xe7,
	    0x07, 0x22, 0x82, 0x31, 0xe5, 0xce, 0x86, 0x52 },
	  16, IKE_VID_MS_CGA, IKE_NATT_NONE, "IKE CGA version 1" },
	/* MD5("Vid-Initial-Contact") */
	{ { 0x26, 0x24, 0x4d, 0x38, 0xed, 0xdb, 0x61, 0xb3,
	    0x17, 0x2a, 0x36, 0xe3, 0xd0, 0xcf, 0xb8, 0x19 },
	  16, IKE_VID_MS_INITIAL_CONTACT, IKE_NATT_NONE, "Vid-Initial-Contact" },
	/* MD5("FRAGMENTATION"), sometimes followed by flags */
	{ { 0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85,
	    0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3 },
	  16, IKE_VID_FRAGMENTATION, IKE_NATT_NONE, "IKE fragmentation" },
	/* MD5("CISCO-UNITY") with the last two bytes replaced by a version */
	{ { 0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
	    0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc },
	  14, IKE_VID_CISCO_UNITY, IKE_NATT_NONE, "Cisco Unity" },
	/* draft-ietf-ipsec-isakmp-xauth */
	{ { 0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12 },
	  8, IKE_VID_XAUTH, IKE_NATT_NONE, "XAUTH" },
};

void ike_vid_classify(const uint8_t *vid, size_t len, struct ike_vid_info *vi)
{
	size_t i;

	for (i = 0; i < sizeof(vids) / sizeof(vids[0]); i++) {
		if (len < vids[i].match ||
		    memcmp(vid, vids[i].hash, vids[i].match))
			continue;
		/* Exact-length VIDs must not carry trailing bytes. */
		if (vids[i].kind == IKE_VID_NATT && len != 16)
			continue;
		vi->kind = vids[i].kind;
		vi->natt = vids[i].natt;
		vi->name = vids[i].name;
		return;
	}
	vi->kind = IKE_VID_UNKNOWN;
	vi->natt = IKE_NATT_NONE;
	vi->name = NULL;
}

const uint8_t *ike_vid_natt(enum ike_natt n, size_t *len)
{
	size_t i;

	for (i = 0; i < sizeof(vids) / sizeof(vids[0]); i++) {
		if (vids[i].kind == IKE_VID_NATT && vids[i].natt == n) {
			*len = 16;
			return vids[i].hash;
		}
	}
	return NULL;
}

const uint8_t *ike_vid_dpd(size_t *len)
{
	*len = 16;
	return vids[4].hash;
}

const uint8_t *ike_vid_unity(size_t *len)
{
	/* MD5("CISCO-UNITY") with its last two bytes the version, 1.0 */
	static const uint8_t unity[16] = {
		0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
		0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00,
	};

	*len = sizeof(unity);
	return unity;
}

const uint8_t *ike_vid_xauth(size_t *len)
{
	*len = 8;
	return vids[ARRAY_LEN(vids) - 1].hash;
}

uint8_t ike_natd_type(enum ike_natt n)
{
	return n == IKE_NATT_RFC ? ISAKMP_NP_NATD : ISAKMP_NP_NATD_DRAFT;
}

uint8_t ike_natoa_type(enum ike_natt n)
{
	return n == IKE_NATT_RFC ? ISAKMP_NP_NATOA : ISAKMP_NP_NATOA_DRAFT;
}

uint16_t ike_natt_udp_transport(enum ike_natt n)
{
	return n == IKE_NATT_RFC ? IKE_MODE_UDP_TRANSPORT :
				   IKE_MODE_UDP_TRANSPORT_DRAFT;
}

int ike_natd_hash(enum ike_hash h, const uint8_t cky_i[8],
		  const uint8_t cky_r[8], const struct ike_addr *a,
		  uint8_t *out)
{
	uint8_t port[2] = { a->port >> 8, a->port & 0xff };
	struct ike_iov iov[4] = {
		{ cky_i, 8 }, { cky_r, 8 },
		{ a->ip, a->family == AF_INET6 ? 16 : 4 }, { port, 2 },
	};

	return ike_digest(h, iov, 4, out);
}
