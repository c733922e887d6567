// SPDX-License-Identifier: GPL-2.0
/*
 * Remote access on the IKE responder, against the scripted initiator of
 * test_ike_peer.c playing vpnc, the Cisco VPN Client and strongSwan:
 * Aggressive Mode for a group, XAUTH (asynchronous verdicts, retries),
 * Mode-Config pull and push, Quick Mode in tunnel mode.
 *
 *   client 192.168.1.10 --- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *                                                        |
 *                                              office 172.16.1.0/24
 *   (seed 003: group hillvalleyvpn, pool 172.16.1.100-199, DNS
 *    172.16.1.11, domain test.com; seed 004: wildcard key, pushed
 *    address 10.2.1.1, office 10.2.2.0/24)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/ike.h"
#include "ike/sa.h"
#include "test_ike_peer.h"
#include "util.h"

void suite_ike_ra(void);

static const struct ike_ra_group groups[] = {
	{ .name = "hillvalleyvpn", .psk = (const uint8_t *)"cisco123",
	  .psk_len = 8, .aggressive = true, .xauth = true },
	{ .name = "office", .psk = (const uint8_t *)"cisco123", .psk_len = 8,
	  .push_config = true },
	{ .name = "mainonly", .psk = (const uint8_t *)"cisco123",
	  .psk_len = 8, .xauth = true },
};

/* vpnc's offer: XAUTHInitPreShared, AES or 3DES, SHA1 or MD5, one group. */
static const struct t1 vpnc_offer[] = {
	{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_MODP1536, 0 },
	{ IKE_ENC_AES_CBC, 128, IKE_HASH_MD5, IKE_GROUP_MODP1536, 0 },
	{ IKE_ENC_3DES, 0, IKE_HASH_SHA1, IKE_GROUP_MODP1536, 0 },
};

static struct ike_ctx *ra_ctx(void)
{
	static struct ike_psk psk[1];
	struct ike_config cfg;

	ike_config_default(&cfg);
	psk[0] = (struct ike_psk){ .any = true,
				   .key = (const uint8_t *)"cisco123",
				   .key_len = 8, .group = "office" };
	cfg.psk = psk;
	cfg.n_psk = 1;
	cfg.groups = groups;
	cfg.n_groups = ARRAY_SIZE(groups);
	return ike_new(&cfg);
}

static void ip4(uint8_t *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	p[0] = a;
	p[1] = b;
	p[2] = c;
	p[3] = d;
}

/* What the host gives seed 003's users. */
static void seed003_cfg(struct ike_client_cfg *c)
{
	memset(c, 0, sizeof(*c));
	ip4(c->addr, 172, 16, 1, 100);
	ip4(c->netmask, 255, 255, 255, 0);
	ip4(c->dns[0], 172, 16, 1, 11);
	c->n_dns = 1;
	ip4(c->wins[0], 172, 16, 1, 12);
	c->n_wins = 1;
	strcpy(c->domain, "test.com");
	strcpy(c->banner, "Hill Valley");
	ip4(c->split[0].addr, 172, 16, 1, 0);
	c->split[0].prefix = 24;
	c->n_split = 1;
}

/* The client's XAUTH REPLY to the REQUEST r, on r's chain. */
static void xauth_reply(struct ini *in, struct txn_msg *r, const char *user,
			const char *pass)
{
	uint8_t a[256];
	size_t n = 0;

	ike_set16(a + n, 0x8000 | IKE_CA_XAUTH_TYPE);
	ike_set16(a + n + 2, 0);
	n += 4;
	ike_set16(a + n, IKE_CA_XAUTH_USER_NAME);
	ike_set16(a + n + 2, strlen(user));
	memcpy(a + n + 4, user, strlen(user));
	n += 4 + strlen(user);
	ike_set16(a + n, IKE_CA_XAUTH_USER_PASSWORD);
	ike_set16(a + n + 2, strlen(pass));
	memcpy(a + n + 4, pass, strlen(pass));
	n += 4 + strlen(pass);
	txn_write(in, r->msgid, r->iv, IKE_CFG_REPLY, r->ident, a, n);
}

static void ack(struct ini *in, struct txn_msg *s)
{
	static const uint8_t st[4] = { 0x80 | IKE_CA_XAUTH_STATUS >> 8,
				       IKE_CA_XAUTH_STATUS & 0xff, 0, 1 };

	txn_write(in, s->msgid, s->iv, IKE_CFG_ACK, s->ident, st,
		  s->type == IKE_CFG_SET && txn_attr(s, IKE_CA_XAUTH_STATUS, 0,
						       &(size_t){ 0 }) ? 4 : 0);
}

static bool any_log_has(struct ike_actions *a, const char *s)
{
	return find_log(a, s) != NULL;
}

/* Up to the XAUTH REQUEST: Aggressive Mode with the group name. */
static uint64_t am_to_xauth(struct ini *in, bool nat, struct txn_msg *req)
{
	struct ike_stats st;

	ini_init(in, ra_ctx(), nat);
	in->psk = "cisco123";
	in->p1_auth = IKE_AUTH_XAUTH_PSK;
	CHECK_INT(am(in, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "hillvalleyvpn", true,
		     false), 0);
	CHECK(find_log(&in->act, "Aggressive Mode (weak"));
	CHECK(find_log(&in->act, "group hillvalleyvpn"));
	ike_get_stats(in->ctx, &st);
	CHECK_INT(st.ike_established, 1);
	memset(req, 0, sizeof(*req));
	CHECK_INT(txn_read_nth(in, &in->act, 0, req), 0);
	CHECK_INT(req->type, IKE_CFG_REQUEST);
	CHECK(txn_attr(req, IKE_CA_XAUTH_USER_PASSWORD, 0, &(size_t){ 0 }));
	return in->ctx->sas->serial;
}

/*
 * The protocol of the Delete payload that informational a carries (its
 * HASH(1) checked); -1 when a is no such message.
 */
static int info_delete_proto(struct ini *in, const struct ike_action *a)
{
	const struct ike_payload *pl;
	uint8_t iv[16], *plain = NULL;
	struct isakmp_hdr h;
	struct ike_chain c;
	int ret = -1;

	if (!a || a->type != IKE_ACT_SEND ||
	    isakmp_hdr_parse(a->send.buf, a->send.len, &h, NULL) ||
	    h.exch != ISAKMP_EXCH_INFO || !(h.flags & ISAKMP_FLAG_ENC))
		return -1;
	ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, h.msgid, iv);
	if (ike_decrypt(&in->s, iv, a->send.buf, a->send.len, &plain) ||
	    ike_chain_parse(h.np, plain, a->send.len - 28, 28, true, &c,
			    NULL) || c.pl[0].type != ISAKMP_NP_HASH)
		goto out;
	pl = ike_chain_find(&c, ISAKMP_NP_D, NULL);
	if (pl && pl->len >= 8)
		ret = pl->body[4];
out:
	free(plain);
	return ret;
}

/* The client deletes its IKE SA (in's phase 1): what the responder did. */
static void client_deletes_ike_sa(struct ini *in)
{
	uint8_t dk[24] = { 0, 0, 0, 1, 1, 16, 0, 1 };
	struct ike_ctx fake = { 0 };
	struct ike_actions act;
	struct ike_action *x;

	memcpy(dk + 8, in->s.cky_i, 8);
	memcpy(dk + 16, in->s.cky_r, 8);
	ike_actions_init(&act);
	fake.out = &act;
	in->s.local = in->seen;
	in->s.remote = in->srv;
	ike_send_info(&fake, &in->s, ISAKMP_NP_D, dk, sizeof(dk));
	x = find_act(&act, IKE_ACT_SEND, 0);
	if (x)
		deliver(in, x->send.buf, x->send.len);
	ike_actions_clear(&act);
}

/*
 * vpnc renews phase 1 (its rekey_phase1): a new Aggressive Mode from the
 * same address and port, XAUTH again, no Mode-Config, then the old IKE
 * SA's delete; its ESP SA stays in use.  The host finds the session and
 * calls ike_client_renew(): the ESP SA must outlive the old IKE SA, and
 * only the new one's end is the client's end.
 */
static void vpnc_renews_phase1(struct ini *in, uint64_t id)
{
	struct ike_client_cfg cfg;
	struct ike_actions act;
	struct ike_event *e;
	struct ike_stats st;
	struct txn_msg req;
	uint64_t id2 = 0;
	struct ini b;

	ini_init(&b, in->ctx, true);		/* the same NAT mapping */
	b.now = in->now + 1000;
	b.psk = "cisco123";
	b.p1_auth = IKE_AUTH_XAUTH_PSK;
	CHECK_INT(am(&b, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "hillvalleyvpn",
		     true, false), 0);
	memset(&req, 0, sizeof(req));
	CHECK_INT(txn_read_nth(&b, &b.act, 0, &req), 0);
	xauth_reply(&b, &req, "marty", "1.21 gigawatts");
	e = find_ev(&b.act, IKE_EV_XAUTH_CHECK, 0);
	CHECK(e != NULL);
	if (e)
		id2 = e->sa_id;
	CHECK(id2 != id);
	ike_actions_init(&act);
	CHECK_INT(ike_xauth_verdict(b.ctx, b.now, id2, true, NULL, &act), 0);
	CHECK(find_ev(&act, IKE_EV_CONFIG_NEED, 0) != NULL);
	ike_actions_clear(&act);
	CHECK_INT(ike_client_renew(b.ctx, b.now, id, id2, &act), 0);
	CHECK(any_log_has(&act, "renewed: IKE SA"));
	CHECK(any_log_has(&act, "takes over 1 ESP SA pair(s)"));
	ike_actions_clear(&act);
	CHECK_INT(ike_client_renew(b.ctx, b.now, id, id + 999, &act), -1);
	seed003_cfg(&cfg);
	CHECK_INT(ike_client_config(b.ctx, b.now, id2, &cfg, NULL, &act), 0);
	ike_actions_clear(&act);

	/* The old IKE SA goes; the client and its ESP SA stay. */
	client_deletes_ike_sa(in);
	CHECK(find_log(&in->act, "deleted by the peer") != NULL);
	CHECK(find_ev(&in->act, IKE_EV_CLIENT_DOWN, 0) == NULL);
	CHECK(find_act(&in->act, IKE_ACT_SA_DEL, 0) == NULL);
	ike_get_stats(in->ctx, &st);
	CHECK_INT(st.ike_sas, 1);
	CHECK_INT(st.esp_sas, 1);

	/* The session's end now takes the adopted ESP SA with it. */
	CHECK_INT(ike_client_delete(b.ctx, b.now, id2, "closed by control request",
				    &act), 0);
	CHECK(find_act(&act, IKE_ACT_SA_DEL, 0) != NULL);
	e = find_ev(&act, IKE_EV_CLIENT_DOWN, 0);
	CHECK(e && e->sa_id == id2 && e->addr[3] == 100);
	ike_actions_clear(&act);
	ike_get_stats(in->ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	CHECK_INT(st.esp_sas, 0);
	ike_dh_free(b.dh);
	ike_actions_clear(&b.act);
}

enum vpnc_end { CLIENT_LEAVES, GATEWAY_ENDS, PHASE1_RENEWED };

/*
 * vpnc behind the hotel NAT: wrong password, then right, then pull, QM;
 * then the client leaves, the gateway ends the session, or the client
 * renews phase 1 first.
 */
static void vpnc_tunnel(enum vpnc_end end)
{
	bool gateway_ends = end == GATEWAY_ENDS;
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_UDP_TUNNEL, 0, 3600, 0, 0, 0 };
	static const struct qm_tunnel tun = { { 172, 16, 1, 100 },
					      { 172, 16, 1, 0 },
					      { 255, 255, 255, 0 } };
	struct txn_msg req, set, rep = { 0 };
	struct ike_client_cfg cfg;
	struct ike_actions act;
	struct ike_event *e;
	struct ike_action *a;
	uint8_t pull[64];
	const uint8_t *v;
	uint64_t id;
	size_t n = 0, len, i;
	struct ini in;

	id = am_to_xauth(&in, true, &req);
	in.tun = &tun;
	CHECK(in.floated);
	xauth_reply(&in, &req, "marty", "wrong-one");
	e = find_ev(&in.act, IKE_EV_XAUTH_CHECK, 0);
	CHECK(e && !strcmp(e->user, "marty") && !strcmp(e->password, "wrong-one"));
	CHECK(e && e->sa_id == id && !strcmp(e->group, "hillvalleyvpn"));
	for (i = 0; i < in.act.n; i++)
		CHECK(in.act.v[i].type != IKE_ACT_LOG ||
		      !strstr(in.act.v[i].log.text, "wrong-one"));
	CHECK(find_act(&in.act, IKE_ACT_SEND, 0) == NULL);

	/* The verdict comes 2.5 s later (RADIUS); timers run meanwhile. */
	ike_actions_init(&act);
	ike_timer(in.ctx, in.now + 2000, &act);
	CHECK(find_act(&act, IKE_ACT_SEND, 0) == NULL);	/* nothing resent */
	ike_actions_clear(&act);
	in.now += 2500;
	CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id, false, "wrong password", &act), 0);
	CHECK(any_log_has(&act, "refused: wrong password (try 1 of 3)"));
	memset(&req, 0, sizeof(req));
	CHECK_INT(txn_read_nth(&in, &act, 0, &req), 0);
	CHECK_INT(req.type, IKE_CFG_REQUEST);
	CHECK(txn_attr(&req, IKE_CA_XAUTH_MESSAGE, 0, &len) != NULL);
	ike_actions_clear(&act);
	/* A verdict nobody asked for is refused. */
	CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id, true, NULL, &act), -1);
	CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id + 99, true, NULL, &act), -1);
	ike_actions_clear(&act);

	xauth_reply(&in, &req, "marty", "1.21 gigawatts");
	e = find_ev(&in.act, IKE_EV_XAUTH_CHECK, 0);
	CHECK(e && !strcmp(e->password, "1.21 gigawatts"));
	CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id, true, NULL, &act), 0);
	memset(&set, 0, sizeof(set));
	CHECK_INT(txn_read_nth(&in, &act, 0, &set), 0);
	CHECK_INT(set.type, IKE_CFG_SET);
	v = txn_attr(&set, IKE_CA_XAUTH_STATUS, 0, &len);
	CHECK(v && len == 2 && ike_get16(v) == 1);
	e = find_ev(&act, IKE_EV_CONFIG_NEED, 0);
	CHECK(e && !strcmp(e->user, "marty") && e->sa_id == id);
	ike_actions_clear(&act);
	ack(&in, &set);

	/* The pull, before the host has answered: held. */
	ike_set16(pull + n, IKE_CA_IP4_ADDRESS);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, IKE_CA_IP4_NETMASK);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, IKE_CA_IP4_DNS);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, IKE_CA_UNITY_DEF_DOMAIN);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, IKE_CA_UNITY_SPLIT_INCLUDE);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, 0x8000 | IKE_CA_UNITY_SAVE_PASSWD);
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, 0x6123);		/* nobody's attribute */
	ike_set16(pull + n + 2, 0);
	n += 4;
	ike_set16(pull + n, IKE_CA_APPLICATION_VERSION);
	ike_set16(pull + n + 2, 12);
	memcpy(pull + n + 4, "Cisco Client", 12);
	n += 16;
	rep.msgid = 0x5eed;
	ike_iv_phase2(in.s.prop.hash, in.s.iv, in.s.blk, rep.msgid, rep.iv);
	txn_write(&in, rep.msgid, rep.iv, IKE_CFG_REQUEST, 77, pull, n);
	CHECK(find_act(&in.act, IKE_ACT_SEND, 0) == NULL);
	CHECK(find_log(&in.act, "client Cisco Client"));

	/* Quick Mode before the address: refused. */
	CHECK(qm1(&in, &o) == NULL);
	CHECK(find_log(&in.act, "before Mode-Config gave the client its address"));

	seed003_cfg(&cfg);
	CHECK_INT(ike_client_config(in.ctx, in.now, id, &cfg, NULL, &act), 0);
	CHECK_INT(txn_read_nth(&in, &act, 0, &rep), 0);
	CHECK_INT(rep.type, IKE_CFG_REPLY);
	CHECK_INT(rep.ident, 77);
	v = txn_attr(&rep, IKE_CA_IP4_ADDRESS, 0, &len);
	CHECK(v && len == 4 && v[0] == 172 && v[3] == 100);
	v = txn_attr(&rep, IKE_CA_IP4_NETMASK, 0, &len);
	CHECK(v && len == 4 && v[3] == 0 && v[2] == 255);
	v = txn_attr(&rep, IKE_CA_IP4_DNS, 0, &len);
	CHECK(v && len == 4 && v[3] == 11);
	v = txn_attr(&rep, IKE_CA_UNITY_DEF_DOMAIN, 0, &len);
	CHECK(v && len == 8 && !memcmp(v, "test.com", 8));
	v = txn_attr(&rep, IKE_CA_UNITY_SPLIT_INCLUDE, 0, &len);
	CHECK(v && len == 14 && v[0] == 172 && v[2] == 1 && v[3] == 0 &&
	      v[6] == 255 && v[7] == 0);
	CHECK(txn_attr(&rep, IKE_CA_UNITY_SAVE_PASSWD, 0, &len) && len == 2);
	CHECK(txn_attr(&rep, 0x6123, 0, &len) && len == 0);
	CHECK(!txn_attr(&rep, IKE_CA_UNITY_BANNER, 0, &len));	/* not asked */
	CHECK(any_log_has(&act, "REPLY to 203.0.113.5 (group hillvalleyvpn, user marty): address 172.16.1.100"));
	ike_actions_clear(&act);

	/* The REQUEST again (our REPLY lost): the same REPLY. */
	txn_write(&in, rep.msgid, NULL, IKE_CFG_REQUEST, 77, pull, n);
	CHECK(find_act(&in.act, IKE_ACT_SEND, 0) != NULL);

	/* Quick Mode: the client's address to one split network. */
	CHECK(qm1(&in, &o) != NULL);
	a = qm3(&in);
	CHECK(a != NULL);
	if (a) {
		CHECK(!a->sa.transport);
		CHECK(a->sa.encap);
		CHECK_INT(a->sa.encap_dport, 40001);
		CHECK_INT(a->sa.ts_remote.addr[3], 100);
		CHECK_INT(a->sa.ts_remote.prefix, 32);
		CHECK_INT(a->sa.ts_local.addr[2], 1);
		CHECK_INT(a->sa.ts_local.prefix, 24);
		CHECK_INT(a->sa.ike_sa_id, id);
		CHECK(keymat_matches(&in, &a->sa));
	}
	CHECK(find_log(&in.act, "tunnel (UDP-encapsulated) 172.16.1.0/24 <-> 172.16.1.100/32"));

	/*
	 * The gateway ends it (roam session del): vpnc reads a Delete of its
	 * ESP SA as a call to run Quick Mode again, so the ISAKMP Delete
	 * goes first; the ESP SA's follows.
	 */
	if (gateway_ends) {
		struct ike_stats st;

		ike_actions_init(&act);
		CHECK_INT(ike_client_delete(in.ctx, in.now, id, "closed by control request",
					    &act), 0);
		CHECK_INT(info_delete_proto(&in, find_act(&act, IKE_ACT_SEND, 0)),
			  ISAKMP_PROTO_ISAKMP);
		CHECK_INT(info_delete_proto(&in, find_act(&act, IKE_ACT_SEND, 1)),
			  ISAKMP_PROTO_ESP);
		CHECK(find_act(&act, IKE_ACT_SA_DEL, 0) != NULL);
		e = find_ev(&act, IKE_EV_CLIENT_DOWN, 0);
		CHECK(e && e->addr[3] == 100 && e->sa_id == id);
		ike_actions_clear(&act);
		ike_get_stats(in.ctx, &st);
		CHECK_INT(st.ike_sas, 0);
		CHECK_INT(st.esp_sas, 0);
	}

	if (end == PHASE1_RENEWED)
		vpnc_renews_phase1(&in, id);

	/* The client leaves: its tunnel goes, the host gets the address back. */
	if (end == CLIENT_LEAVES) {
		struct ike_stats st;

		client_deletes_ike_sa(&in);
		e = find_ev(&in.act, IKE_EV_CLIENT_DOWN, 0);
		CHECK(e && e->addr[3] == 100 && e->sa_id == id);
		CHECK(find_act(&in.act, IKE_ACT_SA_DEL, 0) != NULL);
		ike_get_stats(in.ctx, &st);
		CHECK_INT(st.ike_sas, 0);
		CHECK_INT(st.esp_sas, 0);
	}
	ini_fini(&in);
}

static void three_wrong_passwords_delete_the_sa(void)
{
	struct txn_msg req;
	struct ike_actions act;
	struct ike_stats st;
	struct ike_event *e;
	struct txn_msg fin;
	uint64_t id;
	int i;
	struct ini in;

	id = am_to_xauth(&in, false, &req);
	ike_actions_init(&act);
	for (i = 0; i < 3; i++) {
		xauth_reply(&in, &req, "biff", "guess");
		CHECK(find_ev(&in.act, IKE_EV_XAUTH_CHECK, 0) != NULL);
		in.now += 100;
		CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id, false, "wrong password", &act), 0);
		memset(&req, 0, sizeof(req));
		if (i < 2)
			CHECK_INT(txn_read_nth(&in, &act, 0, &req), 0);
		if (i < 2)
			ike_actions_clear(&act);
	}
	memset(&fin, 0, sizeof(fin));
	CHECK_INT(txn_read_nth(&in, &act, 0, &fin), 0);
	CHECK_INT(fin.type, IKE_CFG_SET);
	CHECK(txn_attr(&fin, IKE_CA_XAUTH_STATUS, 0, &(size_t){ 0 }));
	e = find_ev(&act, IKE_EV_XAUTH_FAILED, 0);
	CHECK(e && !strcmp(e->user, "biff") && strstr(e->reason, "wrong password (3 of 3 tries)"));
	CHECK(any_log_has(&act, "IKE XAUTH of user \"biff\" (group hillvalleyvpn) from 198.51.100.7 failed: wrong password (3 of 3 tries); deleting the IKE SA"));
	/* SET(FAIL) and then the Delete informational. */
	CHECK(find_act(&act, IKE_ACT_SEND, 1) &&
	      find_act(&act, IKE_ACT_SEND, 1)->send.buf[18] == ISAKMP_EXCH_INFO);
	ike_actions_clear(&act);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	ini_fini(&in);
}

static void unknown_group_and_no_aggressive(void)
{
	struct ike_action *r;
	struct ini in;

	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	CHECK_INT(am(&in, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "nosuchgroup", true, false), -1);
	CHECK(find_log(&in.act, "failed: unknown group \"nosuchgroup\""));
	r = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(r && r->send.buf[18] == ISAKMP_EXCH_INFO &&
	      r->send.buf[r->send.len - 1] == ISAKMP_N_INVALID_ID_INFORMATION);
	ini_fini(&in);

	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	CHECK_INT(am(&in, vpnc_offer, 3, ISAKMP_ID_FQDN, "mainonly", false, false), -1);
	CHECK(find_log(&in.act, "group \"mainonly\" does not allow Aggressive Mode (weak)"));
	ini_fini(&in);

	/* An address ID names no group. */
	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	CHECK_INT(am(&in, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "\x01\x02", false, false), -1);
	CHECK(find_log(&in.act, "unknown group \"\\x01\\x02\""));
	ini_fini(&in);

	/* The wrong group key: HASH_R does not verify, AM3 is refused. */
	ini_init(&in, ra_ctx(), false);
	in.psk = "wrong";
	CHECK_INT(am(&in, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "hillvalleyvpn", false, false), -1);
	ini_fini(&in);
}

/* Cisco client: AM3 encrypted, USER_FQDN, XAUTH ok, then a QM with a foreign address. */
static void client_id_must_be_the_given_address(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TUNNEL, 0, 3600, 0, 0, 0 };
	struct qm_tunnel tun = { { 172, 16, 1, 200 }, { 0, 0, 0, 0 },
				 { 0, 0, 0, 0 } };
	struct txn_msg req, set, rep = { 0 };
	struct ike_client_cfg cfg;
	struct ike_actions act;
	struct ike_action *r;
	uint8_t pull[4] = { 0, IKE_CA_IP4_ADDRESS, 0, 0 };
	uint64_t id;
	struct ini in;

	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	in.p1_auth = IKE_AUTH_XAUTH_PSK;
	in.tun = &tun;
	CHECK_INT(am(&in, vpnc_offer, 3, ISAKMP_ID_USER_FQDN, "hillvalleyvpn", false, true), 0);
	id = in.ctx->sas->serial;
	memset(&req, 0, sizeof(req));
	CHECK_INT(txn_read_nth(&in, &in.act, 0, &req), 0);
	xauth_reply(&in, &req, "doc", "flux");
	ike_actions_init(&act);
	CHECK_INT(ike_xauth_verdict(in.ctx, in.now, id, true, NULL, &act), 0);
	memset(&set, 0, sizeof(set));
	CHECK_INT(txn_read_nth(&in, &act, 0, &set), 0);
	seed003_cfg(&cfg);
	cfg.n_split = 0;		/* everything through the tunnel */
	ike_actions_clear(&act);
	CHECK_INT(ike_client_config(in.ctx, in.now, id, &cfg, NULL, &act), 0);
	CHECK(find_act(&act, IKE_ACT_SEND, 0) == NULL);	/* pull, not push */
	ike_actions_clear(&act);
	ack(&in, &set);
	rep.msgid = 0x77;
	ike_iv_phase2(in.s.prop.hash, in.s.iv, in.s.blk, rep.msgid, rep.iv);
	txn_write(&in, rep.msgid, rep.iv, IKE_CFG_REQUEST, 1, pull, 4);
	CHECK_INT(txn_read_nth(&in, &in.act, 0, &rep), 0);

	CHECK(qm1(&in, &o) == NULL);
	/* The refusal: an (encrypted) INVALID-ID-INFORMATION notification. */
	r = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(r && r->send.buf[18] == ISAKMP_EXCH_INFO);
	CHECK(find_act(&in.act, IKE_ACT_SA_ADD, 0) == NULL);
	CHECK(find_log(&in.act, "IDci 172.16.1.200/32 is not the address the client was given (172.16.1.100/32)"));
	/* The right one, to 0.0.0.0/0, plain tunnel mode without NAT. */
	tun.ci_addr[3] = 100;
	CHECK(qm1(&in, &o) != NULL);
	r = qm3(&in);
	CHECK(r && !r->sa.transport && !r->sa.encap && r->sa.ts_local.prefix == 0);
	ini_fini(&in);
}

/* Seed 004: Main Mode, wildcard key of group "office", SET pushed, no XAUTH. */
static void main_mode_wildcard_push_without_xauth(void)
{
	static const struct t1 offer[] = {
		{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_MODP2048, 0 },
	};
	struct qm_opts o = { IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TUNNEL, IKE_GROUP_MODP2048, 3600, 0, 0,
			     0 };
	struct qm_tunnel tun = { { 10, 2, 1, 1 }, { 10, 2, 2, 0 },
				 { 255, 255, 255, 0 } };
	struct qm_opts nopfs = o;
	struct ike_client_cfg cfg;
	struct ike_actions act;
	struct ike_event *e;
	struct ike_action *a;
	struct txn_msg set;
	const uint8_t *v;
	size_t len;
	struct ini in;

	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	in.tun = &tun;
	CHECK_INT(phase1(&in, offer, 1, false, true), 0);
	CHECK(find_log(&in.act, "group office"));
	e = find_ev(&in.act, IKE_EV_CONFIG_NEED, 0);
	CHECK(e && !strcmp(e->group, "office") && !e->user[0]);
	CHECK(find_act(&in.act, IKE_ACT_SEND, 1) == NULL);	/* MM6 only */

	memset(&cfg, 0, sizeof(cfg));
	ip4(cfg.addr, 10, 2, 1, 1);
	ip4(cfg.split[0].addr, 10, 2, 2, 0);
	cfg.split[0].prefix = 24;
	cfg.n_split = 1;
	cfg.pfs = true;
	ike_actions_init(&act);
	CHECK_INT(ike_client_config(in.ctx, in.now + 300, e->sa_id, &cfg, NULL, &act), 0);
	memset(&set, 0, sizeof(set));
	CHECK_INT(txn_read_nth(&in, &act, 0, &set), 0);
	CHECK_INT(set.type, IKE_CFG_SET);
	v = txn_attr(&set, IKE_CA_IP4_ADDRESS, 0, &len);
	CHECK(v && len == 4 && v[0] == 10 && v[3] == 1);
	CHECK(!txn_attr(&set, IKE_CA_IP4_NETMASK, 0, &len));	/* none given */
	CHECK(!txn_attr(&set, IKE_CA_UNITY_SPLIT_INCLUDE, 0, &len)); /* no Unity */
	ike_actions_clear(&act);
	/* The ACK is late: SET is resent on the timer. */
	ike_timer(in.ctx, in.now + 2500, &act);
	CHECK(find_act(&act, IKE_ACT_SEND, 0) != NULL);
	ike_actions_clear(&act);
	ack(&in, &set);

	/* The group asks PFS: a Quick Mode without it is refused. */
	nopfs.pfs = 0;
	qm1(&in, &nopfs);
	CHECK(find_log(&in.act, "in tunnel mode, with PFS)"));
	CHECK(qm1(&in, &o) != NULL);
	a = qm3(&in);
	CHECK(a && !a->sa.transport && a->sa.ts_local.addr[2] == 2 &&
	      a->sa.ts_remote.addr[3] == 1);
	CHECK(a && keymat_matches(&in, &a->sa));
	/* Outside the split networks: refused. */
	tun.cr_net[1] = 99;
	qm1(&in, &o);
	CHECK(find_log(&in.act, "IDcr 10.99.2.0/24 is outside the group's split-tunnel networks"));
	/* Everything (what vpnc asks, split networks or not): accepted. */
	memset(tun.cr_net, 0, 4);
	memset(tun.cr_mask, 0, 4);
	CHECK(qm1(&in, &o) != NULL);
	a = qm3(&in);
	CHECK(a && !a->sa.transport && a->sa.ts_local.prefix == 0 &&
	      a->sa.ts_remote.addr[3] == 1 && a->sa.ts_remote.prefix == 32);
	ini_fini(&in);
}

static void host_without_settings_ends_the_sa(void)
{
	static const struct t1 offer[] = {
		{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_MODP2048, 0 },
	};
	struct ike_actions act;
	struct ike_stats st;
	struct ike_event *e;
	struct ini in;

	ini_init(&in, ra_ctx(), false);
	in.psk = "cisco123";
	CHECK_INT(phase1(&in, offer, 1, false, false), 0);
	e = find_ev(&in.act, IKE_EV_CONFIG_NEED, 0);
	CHECK(e != NULL);
	ike_actions_init(&act);
	CHECK_INT(ike_client_config(in.ctx, in.now, e ? e->sa_id : 0, NULL, "pool office exhausted", &act), 0);
	CHECK(any_log_has(&act, "failed: no settings for the client (pool office exhausted); deleting the IKE SA"));
	CHECK(find_act(&act, IKE_ACT_SEND, 0) != NULL);		/* Delete */
	CHECK(find_ev(&act, IKE_EV_CLIENT_DOWN, 0) == NULL);	/* none given */
	ike_actions_clear(&act);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	ini_fini(&in);
}

/* An L2TP client on a key without a group still gets transport mode only. */
static void l2tp_path_unchanged(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TUNNEL, 0, 3600, 0, 0, 0 };
	static const struct qm_tunnel tun = { { 198, 51, 100, 7 },
					      { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	in.tun = &tun;
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK(in.act.n_ev == 0);
	qm1(&in, &o);
	CHECK(find_log(&in.act, "in transport mode)"));
	ini_fini(&in);
}

/*
 * Two vpnc clients of one group behind the same hotel NAT send the same
 * ID (the group name): the second one's INITIAL-CONTACT must not take
 * the first one's SAs for its own.
 */
static void initial_contact_spares_group_members_behind_one_nat(void)
{
	struct ike_stats st;
	struct txn_msg req;
	struct ini a, b;

	am_to_xauth(&a, true, &req);
	ini_init(&b, a.ctx, true);
	b.own.ip[3] = 11;
	b.seen.port = 40100;
	b.seen4500.port = 40101;
	b.psk = "cisco123";
	b.p1_auth = IKE_AUTH_XAUTH_PSK;
	CHECK_INT(am(&b, vpnc_offer, 3, ISAKMP_ID_KEY_ID, "hillvalleyvpn",
		     true, false), 0);
	ike_get_stats(a.ctx, &st);
	CHECK_INT(st.ike_established, 2);
	CHECK(a.ctx->sas && a.ctx->sas->next);
	ike_initial_contact(a.ctx, a.ctx->sas);
	ike_get_stats(a.ctx, &st);
	CHECK_INT(st.ike_established, 2);
	ike_actions_clear(&a.act);
	ike_dh_free(a.dh);
	ini_fini(&b);
}

static void vpnc_xauth_retry_pull_and_tunnel(void)
{
	vpnc_tunnel(CLIENT_LEAVES);
}

static void gateway_ends_vpnc_session_isakmp_delete_first(void)
{
	vpnc_tunnel(GATEWAY_ENDS);
}

static void vpnc_phase1_renewal_keeps_its_esp_sa(void)
{
	vpnc_tunnel(PHASE1_RENEWED);
}

void suite_ike_ra(void)
{
	RUN(initial_contact_spares_group_members_behind_one_nat);
	RUN(vpnc_xauth_retry_pull_and_tunnel);
	RUN(gateway_ends_vpnc_session_isakmp_delete_first);
	RUN(vpnc_phase1_renewal_keeps_its_esp_sa);
	RUN(three_wrong_passwords_delete_the_sa);
	RUN(unknown_group_and_no_aggressive);
	RUN(client_id_must_be_the_given_address);
	RUN(main_mode_wildcard_push_without_xauth);
	RUN(host_without_settings_ends_the_sa);
	RUN(l2tp_path_unchanged);
}
