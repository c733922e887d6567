// SPDX-License-Identifier: GPL-2.0
/*
 * Proposal matching.  The responder's order decides, not the peer's: a
 * client that lists MODP-1024 first still gets MODP-2048 when it offers it
 * too and the administrator ranked it higher.
 */
#include <stdio.h>
#include <string.h>

#include "proposal.h"

/* Phase 1 attribute types (RFC 2409 Appendix A). */
enum {
	P1_ENC = 1, P1_HASH = 2, P1_AUTH = 3, P1_GROUP = 4, P1_GROUP_TYPE = 5,
	P1_LIFE_TYPE = 11, P1_LIFE_DUR = 12, P1_PRF = 13, P1_KEY_LEN = 14,
};

/* Phase 2 attribute types (RFC 2407 4.5). */
enum {
	P2_LIFE_TYPE = 1, P2_LIFE_DUR = 2, P2_GROUP = 3, P2_MODE = 4,
	P2_AUTH = 5, P2_KEY_LEN = 6, P2_KEY_ROUNDS = 7,
};

#define AUTH_PSK	1
#define KEY_IKE		1
#define LIFE_SECONDS	1
#define LIFE_KB		2

const char *ike_group_name(enum ike_group g)
{
	switch (g) {
	case IKE_GROUP_MODP768: return "MODP-768";
	case IKE_GROUP_MODP1024: return "MODP-1024";
	case IKE_GROUP_MODP1536: return "MODP-1536";
	case IKE_GROUP_MODP2048: return "MODP-2048";
	case IKE_GROUP_ECP256: return "ECP-256";
	case IKE_GROUP_ECP384: return "ECP-384";
	}
	return NULL;
}

const char *ike_hash_name(enum ike_hash h)
{
	switch (h) {
	case IKE_HASH_MD5: return "MD5";
	case IKE_HASH_SHA1: return "SHA1";
	case IKE_HASH_SHA2_256: return "SHA2-256";
	case IKE_HASH_SHA2_384: return "SHA2-384";
	case IKE_HASH_SHA2_512: return "SHA2-512";
	}
	return NULL;
}

static const char *esp_auth_name(enum ike_esp_auth a)
{
	switch (a) {
	case IKE_ESP_AUTH_MD5: return "MD5";
	case IKE_ESP_AUTH_SHA1: return "SHA1";
	case IKE_ESP_AUTH_SHA2_256: return "SHA2-256";
	case IKE_ESP_AUTH_SHA2_384: return "SHA2-384";
	case IKE_ESP_AUTH_SHA2_512: return "SHA2-512";
	}
	return NULL;
}

static int enc_name(char *buf, size_t len, bool aes, bool des3, bool des,
		    unsigned int num, uint16_t bits)
{
	if (aes)
		return snprintf(buf, len, "AES-%u", bits ? bits : 128);
	if (des3)
		return snprintf(buf, len, "3DES");
	if (des)
		return snprintf(buf, len, "DES");
	return snprintf(buf, len, "cipher#%u", num);
}

static bool weak_group(enum ike_group g)
{
	return g == IKE_GROUP_MODP768 || g == IKE_GROUP_MODP1024;
}

bool ike_p1_weak(const struct ike_p1_prop *p)
{
	return p->enc == IKE_ENC_DES || p->hash == IKE_HASH_MD5 ||
	       weak_group(p->group);
}

bool ike_p2_weak(const struct ike_p2_prop *p)
{
	return p->enc == IKE_ESP_DES || p->auth == IKE_ESP_AUTH_MD5;
}

void ike_p1_prop_name(const struct ike_p1_prop *p, char *buf, size_t len)
{
	const char *h = ike_hash_name(p->hash), *g = ike_group_name(p->group);
	char e[16], hb[16], gb[16];

	enc_name(e, sizeof(e), p->enc == IKE_ENC_AES_CBC,
		 p->enc == IKE_ENC_3DES, p->enc == IKE_ENC_DES, p->enc,
		 p->key_bits);
	if (!h) {
		snprintf(hb, sizeof(hb), "hash#%u", p->hash);
		h = hb;
	}
	if (!g) {
		snprintf(gb, sizeof(gb), "group#%u", p->group);
		g = gb;
	}
	snprintf(buf, len, "%s/%s/%s%s", e, h, g,
		 ike_p1_weak(p) ? " (weak)" : "");
}

void ike_p2_prop_name(const struct ike_p2_prop *p, char *buf, size_t len)
{
	const char *a = esp_auth_name(p->auth);
	char e[16], ab[16];

	enc_name(e, sizeof(e), p->enc == IKE_ESP_AES_CBC,
		 p->enc == IKE_ESP_3DES, p->enc == IKE_ESP_DES, p->enc,
		 p->key_bits);
	if (!a) {
		snprintf(ab, sizeof(ab), "auth#%u", p->auth);
		a = ab;
	}
	snprintf(buf, len, "%s/%s%s", e, a, ike_p2_weak(p) ? " (weak)" : "");
}

/* Appends to a fixed buffer, truncating quietly. */
static void cat(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s", s);
}

struct p1_offer {
	struct ike_p1_prop prop;
	uint16_t auth;
	uint32_t life_s, life_kb;
	bool unsupported;		/* an attribute we cannot honour */
};

static uint32_t clamp32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void p1_decode(const struct ike_transform *t, struct p1_offer *o)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	unsigned int life = 0;

	memset(o, 0, sizeof(*o));
	ike_attr_iter_init(&it, t->attrs, t->attrs_len, t->attrs_off);
	/* Syntax was checked by ike_sa_parse(). */
	while (ike_attr_next(&it, &a, NULL) > 0) {
		switch (a.type) {
		case P1_ENC: o->prop.enc = a.num; break;
		case P1_HASH: o->prop.hash = a.num; break;
		case P1_AUTH: o->auth = a.num; break;
		case P1_GROUP: o->prop.group = a.num; break;
		case P1_KEY_LEN: o->prop.key_bits = a.num; break;
		case P1_LIFE_TYPE: life = a.num; break;
		case P1_LIFE_DUR:
			if (life == LIFE_SECONDS)
				o->life_s = clamp32(a.num);
			else if (life == LIFE_KB)
				o->life_kb = clamp32(a.num);
			break;
		case P1_GROUP_TYPE:
		case P1_PRF:
		default:
			o->unsupported = true;
		}
	}
	if (o->prop.enc == IKE_ENC_AES_CBC && !o->prop.key_bits)
		o->prop.key_bits = 128;		/* RFC 3602's default */
	if (o->prop.enc != IKE_ENC_AES_CBC)
		o->prop.key_bits = 0;
	if (t->id != KEY_IKE)
		o->unsupported = true;
}

static void p1_offer_name(const struct p1_offer *o, char *buf, size_t len)
{
	ike_p1_prop_name(&o->prop, buf, len);
	if (o->auth == AUTH_PSK)
		;
	else if (o->auth == 65001)
		cat(buf, len, " (XAUTH)");
	else if (o->auth == 3)
		cat(buf, len, " (RSA signatures)");
	else
		cat(buf, len, " (not PSK)");
}

static bool p1_usable(const struct ike_config *cfg, const struct ike_p1_prop *p)
{
	return cfg->allow_weak || !ike_p1_weak(p);
}

/* Appends name to a ", "-separated list unless it is there already. */
static void add_unique(char *list, size_t len, const char *name)
{
	const char *p = list;
	size_t n = strlen(name);

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return;
		p += n;
	}
	if (list[0])
		cat(list, len, ", ");
	cat(list, len, name);
}

/* Lists longer than this are told as their parts: one line in the log. */
#define IKE_LIST_SHORT	8

/*
 * What we allow, for a refusal's log line: each choice when there are
 * few, else how many there are and the parts they combine.
 */
struct allowed {
	size_t n;			/* choices in all */
	bool listed;			/* a choice was written out */
	char part[3][128];		/* each part's names, ", "-separated */
};

static void allowed_add(struct allowed *a, char *buf, size_t len,
			const char *name, const char *const *parts,
			int nparts)
{
	int k;

	if (a->n <= IKE_LIST_SHORT) {
		if (a->listed)
			cat(buf, len, ", ");
		cat(buf, len, name);
		a->listed = true;
		return;
	}
	for (k = 0; k < nparts; k++)
		add_unique(a->part[k], sizeof(a->part[k]), parts[k]);
}

static void allowed_end(const struct allowed *a, char *buf, size_t len,
			int nparts)
{
	char head[48];
	int k;

	if (!a->n) {
		cat(buf, len, "nothing");
		return;
	}
	if (a->n <= IKE_LIST_SHORT)
		return;
	snprintf(head, sizeof(head), "%zu combinations of ", a->n);
	cat(buf, len, head);
	for (k = 0; k < nparts; k++) {
		if (k)
			cat(buf, len, " / ");
		cat(buf, len, a->part[k]);
	}
}

static void p1_list_ours(const struct ike_config *cfg, char *buf, size_t len)
{
	char name[IKE_NAME_LEN], e[16];
	struct allowed a = { 0 };
	const char *parts[3];
	size_t i;

	for (i = 0; i < cfg->n_p1; i++)
		a.n += p1_usable(cfg, &cfg->p1[i]);
	for (i = 0; i < cfg->n_p1; i++) {
		const struct ike_p1_prop *p = &cfg->p1[i];

		if (!p1_usable(cfg, p))
			continue;
		ike_p1_prop_name(p, name, sizeof(name));
		enc_name(e, sizeof(e), p->enc == IKE_ENC_AES_CBC,
			 p->enc == IKE_ENC_3DES, p->enc == IKE_ENC_DES,
			 p->enc, p->key_bits);
		parts[0] = e;
		parts[1] = ike_hash_name(p->hash) ?: "?";
		parts[2] = ike_group_name(p->group) ?: "?";
		allowed_add(&a, buf, len, name, parts, 3);
	}
	allowed_end(&a, buf, len, 3);
}

int ike_p1_choose(const struct ike_config *cfg, const struct ike_sa_pl *sa,
		  bool xauth, struct ike_p1_choice *ch, char *why,
		  size_t why_len)
{
	char name[IKE_NAME_LEN];
	struct p1_offer o;
	unsigned int j;
	size_t i;

	for (i = 0; i < cfg->n_p1; i++) {
		const struct ike_p1_prop *want = &cfg->p1[i];

		if (!p1_usable(cfg, want))
			continue;
		for (j = 0; j < sa->n_tr; j++) {
			const struct ike_proposal *pr = &sa->prop[sa->tr[j].prop];

			if (pr->proto != ISAKMP_PROTO_ISAKMP)
				continue;
			p1_decode(&sa->tr[j], &o);
			if (o.unsupported ||
			    !(o.auth == AUTH_PSK ||
			      (xauth && o.auth == IKE_AUTH_XAUTH_PSK)) ||
			    o.prop.enc != want->enc ||
			    o.prop.key_bits != want->key_bits ||
			    o.prop.hash != want->hash ||
			    o.prop.group != want->group)
				continue;
			ch->prop = o.prop;
			ch->pr = pr;
			ch->t = &sa->tr[j];
			ch->life_s = o.life_s;
			ch->life_kb = o.life_kb;
			ch->auth = o.auth;
			return 0;
		}
	}
	snprintf(why, why_len, "no proposal chosen (peer offered ");
	for (j = 0; j < sa->n_tr; j++) {
		p1_decode(&sa->tr[j], &o);
		p1_offer_name(&o, name, sizeof(name));
		if (j)
			cat(why, why_len, ", ");
		cat(why, why_len, name);
	}
	cat(why, why_len, "; we allow ");
	p1_list_ours(cfg, why, why_len);
	cat(why, why_len, ")");
	return -1;
}

bool ike_group_allowed(const struct ike_config *cfg, enum ike_group g)
{
	size_t i;

	if (weak_group(g) && !cfg->allow_weak)
		return false;
	for (i = 0; i < cfg->n_p1; i++)
		if (cfg->p1[i].group == g)
			return true;
	return false;
}

struct p2_offer {
	struct ike_p2_prop prop;
	uint16_t mode;
	enum ike_group pfs;
	uint32_t life_s, life_kb;
	bool unsupported;
};

static void p2_decode(const struct ike_transform *t, struct p2_offer *o)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	unsigned int life = 0;

	memset(o, 0, sizeof(*o));
	o->prop.enc = t->id;
	ike_attr_iter_init(&it, t->attrs, t->attrs_len, t->attrs_off);
	while (ike_attr_next(&it, &a, NULL) > 0) {
		switch (a.type) {
		case P2_AUTH: o->prop.auth = a.num; break;
		case P2_KEY_LEN: o->prop.key_bits = a.num; break;
		case P2_MODE: o->mode = a.num; break;
		case P2_GROUP: o->pfs = a.num; break;
		case P2_LIFE_TYPE: life = a.num; break;
		case P2_LIFE_DUR:
			if (life == LIFE_SECONDS)
				o->life_s = clamp32(a.num);
			else if (life == LIFE_KB)
				o->life_kb = clamp32(a.num);
			break;
		case P2_KEY_ROUNDS:
		default:
			o->unsupported = true;
		}
	}
	if (!o->mode)
		o->mode = IKE_MODE_TRANSPORT;
	if (o->prop.enc == IKE_ESP_AES_CBC && !o->prop.key_bits)
		o->prop.key_bits = 128;
	if (o->prop.enc != IKE_ESP_AES_CBC)
		o->prop.key_bits = 0;
}

static const char *mode_name(uint16_t mode)
{
	switch (mode) {
	case IKE_MODE_TUNNEL: return "tunnel";
	case IKE_MODE_TRANSPORT: return "transport";
	case IKE_MODE_UDP_TUNNEL:
	case IKE_MODE_UDP_TUNNEL_DRAFT: return "UDP-encapsulated tunnel";
	case IKE_MODE_UDP_TRANSPORT:
	case IKE_MODE_UDP_TRANSPORT_DRAFT: return "UDP-encapsulated transport";
	}
	return "unknown mode";
}

bool ike_mode_tunnel(uint16_t mode)
{
	return mode == IKE_MODE_TUNNEL || mode == IKE_MODE_UDP_TUNNEL ||
	       mode == IKE_MODE_UDP_TUNNEL_DRAFT;
}

bool ike_mode_udp(uint16_t mode)
{
	return mode == IKE_MODE_UDP_TUNNEL ||
	       mode == IKE_MODE_UDP_TUNNEL_DRAFT ||
	       mode == IKE_MODE_UDP_TRANSPORT ||
	       mode == IKE_MODE_UDP_TRANSPORT_DRAFT;
}

/*
 * Plain modes only without a NAT; UDP-encapsulated ones whenever NAT-T
 * was negotiated (a peer may force encapsulation without a NAT).  Tunnel
 * mode is for the XAUTH/Mode-Config clients, not L2TP.
 */
static bool mode_ok(const struct ike_p2_need *need, uint16_t mode)
{
	if (ike_mode_tunnel(mode) && !need->tunnel)
		return false;
	if (mode == IKE_MODE_TRANSPORT || mode == IKE_MODE_TUNNEL)
		return !need->nat;
	if (ike_mode_udp(mode))
		return need->natt;
	return false;
}

static void p2_offer_name(const struct p2_offer *o, char *buf, size_t len)
{
	ike_p2_prop_name(&o->prop, buf, len);
	if (o->pfs) {
		const char *g = ike_group_name(o->pfs);

		cat(buf, len, "/PFS-");
		cat(buf, len, g ? g : "unknown");
	}
	if (o->mode != IKE_MODE_TRANSPORT) {
		cat(buf, len, " ");
		cat(buf, len, mode_name(o->mode));
	}
}

static void p2_list_ours(const struct ike_config *cfg, char *buf, size_t len)
{
	char name[IKE_NAME_LEN], e[16];
	struct allowed a = { 0 };
	const char *parts[2];
	size_t i;

	for (i = 0; i < cfg->n_p2; i++)
		a.n += cfg->allow_weak || !ike_p2_weak(&cfg->p2[i]);
	for (i = 0; i < cfg->n_p2; i++) {
		const struct ike_p2_prop *p = &cfg->p2[i];

		if (!cfg->allow_weak && ike_p2_weak(p))
			continue;
		ike_p2_prop_name(p, name, sizeof(name));
		enc_name(e, sizeof(e), p->enc == IKE_ESP_AES_CBC,
			 p->enc == IKE_ESP_3DES, p->enc == IKE_ESP_DES, p->enc,
			 p->key_bits);
		parts[0] = e;
		parts[1] = esp_auth_name(p->auth) ?: "?";
		allowed_add(&a, buf, len, name, parts, 2);
	}
	allowed_end(&a, buf, len, 2);
}

int ike_p2_choose(const struct ike_config *cfg, const struct ike_sa_pl *sa,
		  const struct ike_p2_need *need, struct ike_p2_choice *ch,
		  char *why, size_t why_len)
{
	char name[IKE_NAME_LEN];
	struct p2_offer o;
	bool first = true;
	unsigned int j, k;
	size_t i;

	for (i = 0; i < cfg->n_p2; i++) {
		const struct ike_p2_prop *want = &cfg->p2[i];

		if (!cfg->allow_weak && ike_p2_weak(want))
			continue;
		for (j = 0; j < sa->n_tr; j++) {
			const struct ike_proposal *pr = &sa->prop[sa->tr[j].prop];
			bool bundle = false;

			/* Same number, several protocols: an AH+ESP bundle. */
			for (k = 0; k < sa->n_prop; k++)
				if (&sa->prop[k] != pr &&
				    sa->prop[k].num == pr->num)
					bundle = true;
			if (bundle || pr->proto != ISAKMP_PROTO_ESP ||
			    pr->spi_size != 4)
				continue;
			p2_decode(&sa->tr[j], &o);
			if (o.unsupported || !mode_ok(need, o.mode) ||
			    (need->pfs && !o.pfs) ||
			    o.prop.enc != want->enc ||
			    o.prop.key_bits != want->key_bits ||
			    o.prop.auth != want->auth ||
			    (o.pfs && !ike_group_allowed(cfg, o.pfs)))
				continue;
			ch->prop = o.prop;
			ch->pr = pr;
			ch->t = &sa->tr[j];
			ch->mode = o.mode;
			ch->pfs = o.pfs;
			ch->life_s = o.life_s;
			ch->life_kb = o.life_kb;
			return 0;
		}
	}
	snprintf(why, why_len, "no proposal chosen (peer offered ");
	for (j = 0; j < sa->n_tr; j++) {
		if (sa->prop[sa->tr[j].prop].proto != ISAKMP_PROTO_ESP)
			continue;
		p2_decode(&sa->tr[j], &o);
		p2_offer_name(&o, name, sizeof(name));
		if (!first)
			cat(why, why_len, ", ");
		cat(why, why_len, name);
		first = false;
	}
	if (first)
		cat(why, why_len, "no ESP");
	cat(why, why_len, "; we allow ");
	p2_list_ours(cfg, why, why_len);
	cat(why, why_len, need->tunnel ?
		 (need->nat ? " in UDP-encapsulated tunnel mode" :
			      " in tunnel mode") :
		 (need->nat ? " in UDP-encapsulated transport mode" :
			      " in transport mode"));
	cat(why, why_len, need->pfs ? ", with PFS)" : ")");
	return -1;
}

size_t ike_esp_enc_key_len(const struct ike_p2_prop *p)
{
	switch (p->enc) {
	case IKE_ESP_DES: return 8;
	case IKE_ESP_3DES: return 24;
	case IKE_ESP_AES_CBC: return p->key_bits / 8;
	}
	return 0;
}

size_t ike_esp_auth_key_len(enum ike_esp_auth a)
{
	switch (a) {
	case IKE_ESP_AUTH_MD5: return 16;
	case IKE_ESP_AUTH_SHA1: return 20;
	case IKE_ESP_AUTH_SHA2_256: return 32;
	case IKE_ESP_AUTH_SHA2_384: return 48;
	case IKE_ESP_AUTH_SHA2_512: return 64;
	}
	return 0;
}

/* RFC 2403/2404 truncate to 96 bits; RFC 4868 to half the output. */
uint16_t ike_esp_auth_trunc(enum ike_esp_auth a)
{
	switch (a) {
	case IKE_ESP_AUTH_MD5:
	case IKE_ESP_AUTH_SHA1: return 96;
	case IKE_ESP_AUTH_SHA2_256: return 128;
	case IKE_ESP_AUTH_SHA2_384: return 192;
	case IKE_ESP_AUTH_SHA2_512: return 256;
	}
	return 0;
}
