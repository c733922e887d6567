/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing among the peer's transforms: ours are tried in configured order
 * (strongest first) and the first one the peer also offers wins.  Also the
 * names used in logs and show output ("AES-256/SHA1/ECP-384").
 */
#ifndef ROAM_IKE_PROPOSAL_H
#define ROAM_IKE_PROPOSAL_H

#include "ike.h"
#include "payload.h"

#define IKE_NAME_LEN	48

/* Encapsulation Mode values (RFC 2407 4.5, RFC 3947 5.1, drafts). */
enum ike_encap_mode {
	IKE_MODE_TUNNEL = 1,
	IKE_MODE_TRANSPORT = 2,
	IKE_MODE_UDP_TUNNEL = 3,
	IKE_MODE_UDP_TRANSPORT = 4,
	IKE_MODE_UDP_TUNNEL_DRAFT = 61443,
	IKE_MODE_UDP_TRANSPORT_DRAFT = 61444,
};

struct ike_p1_choice {
	struct ike_p1_prop prop;
	const struct ike_proposal *pr;
	const struct ike_transform *t;
	uint32_t life_s;		/* as proposed; 0 if not */
	uint32_t life_kb;
	uint16_t auth;			/* IKE_AUTH_PSK or IKE_AUTH_XAUTH_PSK */
};

#define IKE_AUTH_PSK		1
#define IKE_AUTH_XAUTH_PSK	65001	/* XAUTHInitPreShared */

/*
 * 0, or -1 with the whole "no proposal chosen (...)" text in why.  With
 * xauth, transforms with XAUTHInitPreShared authentication are taken too.
 */
int ike_p1_choose(const struct ike_config *cfg, const struct ike_sa_pl *sa,
		  bool xauth, struct ike_p1_choice *ch, char *why,
		  size_t why_len);

/* What the phase 1 negotiated that Quick Mode must agree with. */
struct ike_p2_need {
	bool natt;			/* NAT-T negotiated by vendor ID */
	bool nat;			/* a NAT was detected */
	bool tunnel;			/* a remote-access client: tunnel modes */
	bool pfs;			/* only transforms with a PFS group */
};

struct ike_p2_choice {
	struct ike_p2_prop prop;
	const struct ike_proposal *pr;
	const struct ike_transform *t;
	uint16_t mode;			/* as proposed */
	enum ike_group pfs;		/* 0: no PFS */
	uint32_t life_s;
	uint32_t life_kb;
};

bool ike_mode_tunnel(uint16_t mode);
bool ike_mode_udp(uint16_t mode);

int ike_p2_choose(const struct ike_config *cfg, const struct ike_sa_pl *sa,
		  const struct ike_p2_need *need, struct ike_p2_choice *ch,
		  char *why, size_t why_len);

bool ike_group_allowed(const struct ike_config *cfg, enum ike_group g);
bool ike_p1_weak(const struct ike_p1_prop *p);
bool ike_p2_weak(const struct ike_p2_prop *p);
const char *ike_group_name(enum ike_group g);
const char *ike_hash_name(enum ike_hash h);

/* Key sizes in bytes and ICV truncation for the ESP algorithms. */
size_t ike_esp_enc_key_len(const struct ike_p2_prop *p);
size_t ike_esp_auth_key_len(enum ike_esp_auth a);
uint16_t ike_esp_auth_trunc(enum ike_esp_auth a);

#endif /* ROAM_IKE_PROPOSAL_H */
