// SPDX-License-Identifier: GPL-2.0
/*
 * The scripted client and event loop for the PPP session tests.
 */
#include <openssl/evp.h>

#include "test.h"
#include "test_ppp_peer.h"

struct tpeer ppp_tp;

static void note_lcp_req(void);

/* The seed configuration's users (AlliedWare "add user ... ip=..."). */
static const struct {
	const char *user, *password;
	uint32_t ip;
} users[] = {
	{ "dialin1", "friend1", IP(192, 168, 8, 50) },
	{ "dialin2", "friend2", 0 },
	{ "User", "clientPass", 0 },
	{ "MyUser", "MyPw", 0 },
};

static int find_user(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(users); i++)
		if (!strcmp(users[i].user, name))
			return (int)i;
	return -1;
}

static enum ppp_verdict tp_verify(void *ctx,
				  const struct ppp_auth_request *req,
				  struct ppp_auth_result *res)
{
	int i = find_user(req->user);

	(void)ctx;
	ppp_tp.verifies++;
	CHECK_INT(strlen(req->user), req->user_len);
	if (ppp_tp.async) {
		ppp_tp.pending_seq = req->seq;
		return PPP_AUTH_PENDING;
	}
	if (i < 0) {
		res->error = 691;
		return PPP_AUTH_FAIL;
	}
	return ppp_auth_check_password(req, users[i].password,
				       strlen(users[i].password), res);
}

static int tp_get_address(void *ctx, const char *user, uint32_t requested,
			  uint32_t *addr)
{
	int i = find_user(user);

	(void)ctx;
	(void)requested;
	if (ppp_tp.pool_empty)
		return -1;
	/* Addresses in the user database win over the pool. */
	if (i >= 0 && users[i].ip) {
		*addr = users[i].ip;
		return 0;
	}
	*addr = ppp_tp.pool_next++;
	return 0;
}

static void tp_random(void *ctx, void *buf, size_t len)
{
	uint8_t *p = buf;

	(void)ctx;
	if (len == 16 && ppp_tp.chal16) {
		memcpy(buf, ppp_tp.chal16, 16);
		return;
	}
	if (len == 8 && ppp_tp.chal8) {
		memcpy(buf, ppp_tp.chal8, 8);
		return;
	}
	while (len--)
		*p++ = ++ppp_tp.counter;
}

static const struct ppp_session_ops tp_ops = {
	.verify = tp_verify,
	.get_address = tp_get_address,
	.random = tp_random,
};

void tp_setup(enum ppp_auth_method m1, enum ppp_auth_method m2)
{
	if (ppp_tp.s)
		tp_free();
	memset(&ppp_tp, 0, sizeof(ppp_tp));
	ppp_config_defaults(&ppp_tp.cfg);
	ppp_tp.cfg.auth[0] = m1;
	ppp_tp.cfg.auth[1] = m2;
	ppp_tp.cfg.local_ip = IP(192, 168, 8, 1);
	ppp_tp.cfg.dns[0] = IP(192, 168, 8, 2);	/* "set ppp dnsprimary=" */
	ppp_tp.pool_next = IP(192, 168, 8, 100);
	ppp_tp.now = 100000;
}

void tp_start(void)
{
	ppp_tp.s = ppp_session_new(&ppp_tp.cfg, &tp_ops, NULL);
	CHECK(ppp_tp.s != NULL);
	ppp_out_reset(&ppp_tp.out);
	ppp_session_start(ppp_tp.s, ppp_tp.now, &ppp_tp.out);
	note_lcp_req();
}

void tp_resume(const struct ppp_resume *r)
{
	ppp_tp.s = ppp_session_resume(&ppp_tp.cfg, &tp_ops, NULL, r,
				      ppp_tp.now);
	ppp_out_reset(&ppp_tp.out);
}

void tp_free(void)
{
	ppp_session_free(ppp_tp.s);
	ppp_tp.s = NULL;
}

void tp_send_frame(const uint8_t *f, size_t len)
{
	ppp_out_reset(&ppp_tp.out);
	ppp_session_input(ppp_tp.s, f, len, ppp_tp.now, &ppp_tp.out);
	note_lcp_req();
}

void tp_send(uint16_t proto, uint8_t code, uint8_t id, const void *data,
	     size_t len)
{
	uint8_t f[PPP_FRAME_MAX];
	struct ppp_buf b;
	size_t start;

	ppp_buf_init(&b, f, sizeof(f));
	ppp_frame_begin(&b, proto);
	start = ppp_cp_begin(&b, code, id);
	ppp_put(&b, data, len);
	ppp_cp_end(&b, start);
	CHECK(!b.overflow);
	tp_send_frame(f, b.len);
}

void tp_advance(uint64_t ms)
{
	ppp_tp.now += ms;
	ppp_out_reset(&ppp_tp.out);
	ppp_session_timer(ppp_tp.s, ppp_tp.now, &ppp_tp.out);
	note_lcp_req();
}

void tp_auth_done(enum ppp_verdict v, const struct ppp_auth_result *res)
{
	ppp_out_reset(&ppp_tp.out);
	ppp_session_auth_done(ppp_tp.s, ppp_tp.pending_seq, v, res, ppp_tp.now,
			      &ppp_tp.out);
}

bool tp_sent_nth(uint16_t proto, uint8_t code, unsigned int n,
		 struct ppp_cp *p)
{
	struct ppp_frame fr;
	const uint8_t *f;
	unsigned int i;
	size_t len;

	for (i = 0; i < ppp_tp.out.nframes; i++) {
		f = ppp_out_frame(&ppp_tp.out, i, &len);
		/* Everything we send carries ff 03 and a 2-octet protocol. */
		CHECK(len >= 4 && f[0] == 0xff && f[1] == 0x03);
		if (ppp_frame_parse(f, len, &fr) || fr.proto != proto)
			continue;
		if (ppp_cp_parse(fr.payload, fr.len, p) || p->code != code)
			continue;
		if (!n--)
			return true;
	}
	return false;
}

bool tp_sent(uint16_t proto, uint8_t code, struct ppp_cp *p)
{
	return tp_sent_nth(proto, code, 0, p);
}

unsigned int tp_count(uint16_t proto)
{
	struct ppp_frame fr;
	const uint8_t *f;
	unsigned int i, n = 0;
	size_t len;

	for (i = 0; i < ppp_tp.out.nframes; i++) {
		f = ppp_out_frame(&ppp_tp.out, i, &len);
		if (!ppp_frame_parse(f, len, &fr) && fr.proto == proto)
			n++;
	}
	return n;
}

bool tp_event(enum ppp_event ev)
{
	unsigned int i;

	for (i = 0; i < ppp_tp.out.nevents; i++)
		if (ppp_tp.out.event[i] == ev)
			return true;
	return false;
}

size_t tp_opt32(uint8_t *p, uint8_t type, uint32_t v)
{
	p[0] = type;
	p[1] = 6;
	p[2] = v >> 24;
	p[3] = v >> 16;
	p[4] = v >> 8;
	p[5] = v;
	return 6;
}

/* Remember the server's LCP request if this call sent one. */
static void note_lcp_req(void)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;
	struct ppp_cp p;

	if (!tp_sent(PPP_LCP, PPP_CONFREQ, &p) ||
	    p.dlen > sizeof(ppp_tp.lcp_req))
		return;
	memcpy(ppp_tp.lcp_req, p.data, p.dlen);
	ppp_tp.lcp_req_len = p.dlen;
	ppp_tp.lcp_req_id = p.id;
	ppp_opt_iter_init(&it, p.data, p.dlen);
	while (ppp_opt_next(&it, &o))
		if (o.type == 5 && o.len == 6)
			ppp_tp.server_magic = ppp_get32(o.val);
}

void tp_open_lcp(void)
{
	/* MRU 1400, magic, PFC, ACFC: what Windows sends over L2TP. */
	static const uint8_t req[] = { 1, 4, 0x05, 0x78,
				       5, 6, 0x11, 0x22, 0x33, 0x44,
				       7, 2, 8, 2 };

	CHECK(ppp_tp.lcp_req_len > 0);
	CHECK(ppp_tp.server_magic != 0);
	tp_send(PPP_LCP, PPP_CONFREQ, 1, req, sizeof(req));
	CHECK(tp_sent(PPP_LCP, PPP_CONFACK, &(struct ppp_cp){ 0 }));
	tp_send(PPP_LCP, PPP_CONFACK, ppp_tp.lcp_req_id, ppp_tp.lcp_req,
		ppp_tp.lcp_req_len);
}

void tp_chap_md5(const char *user, const char *password)
{
	uint8_t resp[1 + 16 + PPP_NAME_MAX];
	unsigned int n = 0;
	struct ppp_cp ch;
	EVP_MD_CTX *ctx;

	CHECK(tp_sent(PPP_CHAP, 1, &ch));
	CHECK_INT(ch.data[0], 16);
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, &ch.id, 1);
	EVP_DigestUpdate(ctx, password, strlen(password));
	EVP_DigestUpdate(ctx, ch.data + 1, 16);
	EVP_DigestFinal_ex(ctx, resp + 1, &n);
	EVP_MD_CTX_free(ctx);
	resp[0] = 16;
	memcpy(resp + 17, user, strlen(user));
	tp_send(PPP_CHAP, 2, ch.id, resp, 17 + strlen(user));
}

bool tp_open_ipcp(uint32_t *addr)
{
	struct ppp_cp srv, p;
	uint32_t want[256] = { 0 };
	bool asking[256] = { false };
	uint8_t copy[64], req[64];
	struct ppp_opt_iter it;
	struct ppp_opt o;
	size_t len;
	int round, t;

	if (!tp_sent(PPP_IPCP, PPP_CONFREQ, &srv))
		return false;
	memcpy(copy, srv.data, srv.dlen);
	len = srv.dlen;

	asking[3] = asking[129] = asking[130] = true;
	for (round = 0; round < 5; round++) {
		size_t n = 0;

		for (t = 0; t < 256; t++)
			if (asking[t])
				n += tp_opt32(req + n, (uint8_t)t, want[t]);
		tp_send(PPP_IPCP, PPP_CONFREQ, (uint8_t)(10 + round), req, n);
		if (tp_sent(PPP_IPCP, PPP_CONFACK, &p))
			break;
		if (tp_sent(PPP_IPCP, PPP_CONFNAK, &p)) {
			ppp_opt_iter_init(&it, p.data, p.dlen);
			while (ppp_opt_next(&it, &o))
				want[o.type] = ppp_get32(o.val);
		} else if (tp_sent(PPP_IPCP, PPP_CONFREJ, &p)) {
			ppp_opt_iter_init(&it, p.data, p.dlen);
			while (ppp_opt_next(&it, &o))
				asking[o.type] = false;
		} else {
			return false;
		}
	}
	tp_send(PPP_IPCP, PPP_CONFACK, srv.id, copy, len);
	*addr = want[3];
	return tp_event(PPP_EV_IPV4_UP);
}
