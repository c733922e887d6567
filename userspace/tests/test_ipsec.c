// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec.c against a fake kernel: the xfrm objects an engine SA pair
 * becomes, mark allocation, install and removal order, two clients behind
 * one NAT, rekeys, failures, and nothing left behind.
 *
 *   client A 192.168.1.10 --+
 *                           +-- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *   client B 192.168.1.11 --+   (IKE on 4500 mapped to 40001 and 40002)
 *   client C 198.51.100.7 (no NAT)
 *
 * The xfrm_* functions of fake_xfrm.c replace ipsec/xfrm.c in this
 * binary: they keep the SAs and policies in tables and record each call.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ipsec/clients.h"
#include "log.h"

void suite_ipsec(void);

#include "fake_xfrm.h"

/* --- fixtures -------------------------------------------------------------- */

#define T_ADDR(a, b, c, d, p) \
	((struct ike_addr){ .family = AF_INET, .port = (p), .ip = { a, b, c, d } })

static uint32_t gone[8];
static int ngone;

static void on_gone(void *arg, uint32_t mark)
{
	(void)arg;
	if (ngone < 8)
		gone[ngone++] = mark;
}

static struct ipsec ip;

static void setup(void)
{
	fake_kernel_reset();
	ngone = 0;
	ipsec_init(&ip);
	CHECK_INT(ipsec_subscribe(&ip, on_gone, NULL), 0);
	CHECK_INT(ipsec_open(&ip), 0);
}

/* An AES-128/SHA1 pair; behind the NAT when port is not 500. */
static struct ike_esp_sa esp_for(uint16_t port, uint8_t host, uint64_t id,
				 uint32_t spi_in, uint32_t spi_out)
{
	struct ike_esp_sa e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.spi_in = spi_in;
	e.spi_out = spi_out;
	e.local = T_ADDR(198, 51, 100, 1, port == 500 ? 500 : 4500);
	e.remote = port == 500 ? T_ADDR(198, 51, 100, host, 500) :
				 T_ADDR(203, 0, 113, 5, port);
	e.enc = IKE_ESP_AES_CBC;
	e.enc_key_len = 16;
	e.auth = IKE_ESP_AUTH_SHA1;
	e.auth_key_len = 20;
	e.auth_trunc_bits = 96;
	memset(e.enc_key_in, 0x11, sizeof(e.enc_key_in));
	memset(e.enc_key_out, 0x22, sizeof(e.enc_key_out));
	memset(e.auth_key_in, 0x33, sizeof(e.auth_key_in));
	memset(e.auth_key_out, 0x44, sizeof(e.auth_key_out));
	e.transport = true;
	e.encap = port != 500;
	if (e.encap) {
		e.encap_sport = 4500;
		e.encap_dport = port;
	}
	e.ts_proto = IPPROTO_UDP;
	e.ts_lport = 1701;
	e.ts_rport = 1701;
	e.lifetime_s = 3600;
	return e;
}

static uint32_t a4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return htonl((uint32_t)a << 24 | (uint32_t)b << 16 | c << 8 | d);
}

/* --- tests ------------------------------------------------------------------ */

static void test_mark_alloc(void)
{
	struct ipsec t;
	struct ipsec_client c1 = { .mark = 0x101 }, c2 = { .mark = 0x102 };

	ipsec_init(&t);
	CHECK_INT(ipsec_mark_alloc(&t), 0x100);
	/* a mark just released is not handed out again at once */
	CHECK_INT(ipsec_mark_alloc(&t), 0x101);
	t.next_mark = 0x101;
	c1.next = &c2;
	t.clients = &c1;
	t.nclients = 2;
	hashtab_add(&t.clients_by_mark, &c1.by_mark, c1.mark);
	hashtab_add(&t.clients_by_mark, &c2.by_mark, c2.mark);
	CHECK_INT(ipsec_mark_alloc(&t), 0x103);	/* in-use ones skipped */
	/* wraps to the first, never to 0 or below it */
	t.next_mark = UINT32_MAX;
	CHECK_INT(ipsec_mark_alloc(&t), UINT32_MAX);
	CHECK_INT(t.next_mark, 0x100);
	CHECK_INT(ipsec_mark_alloc(&t), 0x100);
	t.next_mark = 0;
	CHECK_INT(ipsec_mark_alloc(&t), 0x100);
	CHECK(ipsec_client_by_mark(&t, 0x102) == &c2);
	CHECK(!ipsec_client_by_mark(&t, 0x104));
	hashtab_free(&t.clients_by_mark);
}

static void test_map_natt(void)
{
	struct ike_esp_sa e = esp_for(40001, 0, 7, 0xc0ffee01, 0x12345678);
	struct ipsec_client c = {
		.mark = 0x100,
		.local = e.local,
		.remote = e.remote,
		.l2tp_port = 1701,
	};
	struct xfrm_policy pol;
	struct xfrm_sa x;
	char err[96];

	CHECK_INT(ipsec_xfrm_sa_in(&e, &c, &x, err, sizeof(err)), 0);
	CHECK_INT(x.src.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(x.dst.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(x.spi, htonl(0xc0ffee01));
	CHECK_INT(x.reqid, 0x100);
	CHECK_INT(x.mark, 0);		/* found by SPI, whatever the mark */
	CHECK_INT(x.set_mark, 0x100);
	CHECK_INT(x.encap_sport, 40001);
	CHECK_INT(x.encap_dport, 4500);
	CHECK_INT(x.tunnel, 0);
	CHECK_STR(x.enc_name, "cbc(aes)");
	CHECK_STR(x.auth_name, "hmac(sha1)");
	CHECK_INT(x.enc_key_len, 16);
	CHECK_INT(x.auth_key_len, 20);
	CHECK_INT(x.auth_trunc_bits, 96);
	CHECK_INT(x.enc_key[0], 0x11);
	CHECK_INT(x.auth_key[19], 0x33);
	CHECK_INT(x.sel.proto, IPPROTO_UDP);
	CHECK_INT(x.sel.src.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(x.sel.sport, 1701);
	CHECK_INT(x.sel.dport, 1701);
	CHECK_INT(x.hard_seconds, 3600 + IPSEC_HARD_MARGIN_S);
	CHECK_INT(x.soft_seconds, 0);

	CHECK_INT(ipsec_xfrm_sa_out(&e, &c, &x, err, sizeof(err)), 0);
	CHECK_INT(x.src.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(x.dst.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(x.spi, htonl(0x12345678));
	CHECK_INT(x.mark, 0x100);
	CHECK_INT(x.set_mark, 0);
	CHECK_INT(x.encap_sport, 4500);
	CHECK_INT(x.encap_dport, 40001);
	CHECK_INT(x.enc_key[0], 0x22);
	CHECK_INT(x.auth_key[0], 0x44);
	CHECK_INT(x.sel.src.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(x.sel.dst.s_addr, a4(203, 0, 113, 5));

	ipsec_xfrm_policy_out(&c, &pol);
	CHECK_INT(pol.dir, XFRM_POLICY_OUT);
	CHECK_INT(pol.mark, 0x100);
	CHECK_INT(pol.reqid, 0x100);
	CHECK_INT(pol.tunnel, 0);
	CHECK_INT(pol.sel.proto, IPPROTO_UDP);
	CHECK_INT(pol.sel.src.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(pol.sel.sport, 1701);
	CHECK_INT(pol.sel.dst.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(pol.sel.dport, 1701);
	CHECK_INT(pol.tmpl_src.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(pol.tmpl_dst.s_addr, a4(203, 0, 113, 5));

	ipsec_xfrm_policy_in(&c, &pol);
	CHECK_INT(pol.dir, XFRM_POLICY_IN);
	CHECK_INT(pol.mark, 0x100);
	CHECK_INT(pol.sel.src.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(pol.sel.sport, 1701);
	CHECK_INT(pol.sel.dst.s_addr, a4(198, 51, 100, 1));
	CHECK_INT(pol.sel.dport, 1701);
	CHECK_INT(pol.tmpl_src.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(pol.tmpl_dst.s_addr, a4(198, 51, 100, 1));
	explicit_bzero(&x, sizeof(x));
}

static void test_map_plain_and_refused(void)
{
	struct ike_esp_sa e = esp_for(500, 7, 1, 0x1000, 0x2000);
	struct ipsec_client c = {
		.mark = 0x200, .local = e.local, .remote = e.remote,
	};
	struct xfrm_policy pol;
	struct xfrm_sa x;
	char err[96];
	char name[64];
	struct ipsec_pair p = {
		.enc = IKE_ESP_AES_CBC, .enc_key_len = 32,
		.auth = IKE_ESP_AUTH_SHA2_256,
	};

	e.enc = IKE_ESP_3DES;
	e.enc_key_len = 24;
	e.auth = IKE_ESP_AUTH_SHA2_256;
	e.auth_key_len = 32;
	e.auth_trunc_bits = 128;
	CHECK_INT(ipsec_xfrm_sa_in(&e, &c, &x, err, sizeof(err)), 0);
	CHECK_INT(x.encap_sport, 0);
	CHECK_INT(x.encap_dport, 0);
	CHECK_STR(x.enc_name, "cbc(des3_ede)");
	CHECK_STR(x.auth_name, "hmac(sha256)");
	CHECK_INT(x.auth_trunc_bits, 128);
	CHECK_INT(x.sel.sport, 0);	/* the client's L2TP port: any */
	ipsec_xfrm_policy_in(&c, &pol);
	CHECK_INT(pol.sel.sport, 0);
	CHECK_INT(pol.sel.dport, 1701);

	e.enc = 99;
	CHECK_INT(ipsec_xfrm_sa_out(&e, &c, &x, err, sizeof(err)), -1);
	CHECK_HAS(err, "no kernel algorithm");
	e.enc = IKE_ESP_DES;
	e.remote.family = AF_INET6;
	CHECK_INT(ipsec_xfrm_sa_out(&e, &c, &x, err, sizeof(err)), -1);
	CHECK_HAS(err, "IPv4");
	CHECK_STR(ipsec_enc_name(IKE_ESP_DES), "cbc(des)");
	CHECK_STR(ipsec_auth_name(IKE_ESP_AUTH_MD5), "hmac(md5)");
	CHECK_STR(ipsec_auth_name(IKE_ESP_AUTH_SHA2_512), "hmac(sha512)");

	ipsec_pair_alg_name(&p, name, sizeof(name));
	CHECK_HAS(name, "AES-256");
	CHECK(!strstr(name, "weak"));
	p.enc = IKE_ESP_DES;
	ipsec_pair_alg_name(&p, name, sizeof(name));
	CHECK_HAS(name, "(weak)");
	explicit_bzero(&x, sizeof(x));
}

/* SAs first, then policies; out the other way round; marks kept. */
static void test_order_and_rekey(void)
{
	struct ike_esp_sa e1 = esp_for(500, 7, 1, 0x1001, 0x2001);
	struct ike_esp_sa e2 = esp_for(500, 7, 2, 0x1002, 0x2002);
	struct ipsec_client *c;

	setup();
	CHECK_INT(ipsec_add(&ip, &e1, 1000), 0);
	CHECK_INT(fake_kernel.nops, 5);
	CHECK_INT(fake_kernel.ops[0].type, OP_SA_ADD);
	CHECK_INT(fake_kernel.ops[0].spi, htonl(0x1001));	/* inbound first */
	CHECK_INT(fake_kernel.ops[1].type, OP_SA_ADD);
	CHECK_INT(fake_kernel.ops[1].mark, 0x100);
	CHECK_INT(fake_kernel.ops[2].type, OP_POL_ADD);
	CHECK_INT(fake_kernel.ops[2].dir, XFRM_POLICY_OUT);
	CHECK_INT(fake_kernel.ops[3].type, OP_POL_ADD);
	CHECK_INT(fake_kernel.ops[3].dir, XFRM_POLICY_IN);
	/* not behind NAT: our port unreachables to it are blocked */
	CHECK_INT(fake_kernel.ops[4].type, OP_POL_ADD);
	CHECK_INT(fake_kernel.ops[4].dir, XFRM_POLICY_OUT);
	CHECK_INT(fake_kernel.pol[2].block, 1);
	CHECK_INT(fake_kernel.pol[2].sel.proto, IPPROTO_ICMP);
	CHECK_INT(fake_kernel.pol[2].sel.sport, 3);
	CHECK_INT(fake_kernel.pol[2].sel.dport, 3);
	CHECK_INT(fake_kernel.pol[2].mark, 0);
	CHECK_INT(fake_kernel.pol[2].reqid, 0x100);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 3);
	c = ipsec_client_by_mark(&ip, 0x100);
	CHECK(c != NULL);
	CHECK(c && c->npairs == 1 && c->policies);

	/* the rekey: same peer, same mark, no second set of policies */
	CHECK_INT(ipsec_add(&ip, &e2, 2000), 0);
	CHECK_INT(fake_kernel.nops, 7);
	CHECK_INT(fake_kernel.ops[6].mark, 0x100);
	CHECK_INT(fake_kernel.nsa, 4);
	CHECK_INT(fake_kernel.npol, 3);
	CHECK_INT(ip.nclients, 1);

	/* the old pair goes: the policies stay, nobody is told */
	fake_kernel.nops = 0;
	ipsec_del(&ip, &e1);
	CHECK_INT(fake_kernel.nops, 2);
	CHECK_INT(fake_kernel.ops[0].type, OP_SA_DEL);
	CHECK_INT(fake_kernel.ops[1].type, OP_SA_DEL);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 3);
	CHECK_INT(ngone, 0);
	CHECK(ipsec_client_by_mark(&ip, 0x100) != NULL);

	/* the last pair goes: policies first, then the SAs, then the news */
	fake_kernel.nops = 0;
	ipsec_del(&ip, &e2);
	CHECK_INT(fake_kernel.nops, 5);
	CHECK_INT(fake_kernel.ops[0].type, OP_POL_DEL);
	CHECK_INT(fake_kernel.ops[1].type, OP_POL_DEL);
	CHECK_INT(fake_kernel.ops[2].type, OP_POL_DEL);
	CHECK_INT(fake_kernel.ops[3].type, OP_SA_DEL);
	CHECK_INT(fake_kernel.ops[4].type, OP_SA_DEL);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(ngone, 1);
	CHECK_INT(gone[0], 0x100);
	CHECK_INT(ip.nclients, 0);
	CHECK(!ipsec_client_by_mark(&ip, 0x100));

	/* a delete of something never installed changes nothing */
	fake_kernel.nops = 0;
	ipsec_del(&ip, &e2);
	CHECK_INT(fake_kernel.nops, 0);
	CHECK_INT(ngone, 1);

	/* the same peer again is a new client with a new mark */
	CHECK_INT(ipsec_add(&ip, &e1, 3000), 0);
	CHECK(ipsec_client_by_mark(&ip, 0x101) != NULL);
	ipsec_close(&ip);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
}

/* Two clients behind one NAT: equal selectors, different marks. */
static void test_same_nat(void)
{
	struct ike_esp_sa a = esp_for(40001, 0, 1, 0xa001, 0x5555);
	struct ike_esp_sa b = esp_for(40002, 0, 2, 0xb001, 0x5555);
	struct xfrm_sa_counters in, out;
	struct ipsec_client *ca, *cb;
	uint32_t ma, mb;

	setup();
	CHECK_INT(ipsec_add(&ip, &a, 1), 0);
	/* even the same outbound SPI by chance: the marks tell them apart */
	CHECK_INT(ipsec_add(&ip, &b, 2), 0);
	CHECK_INT(fake_kernel.nsa, 4);
	CHECK_INT(fake_kernel.npol, 4);
	ca = ipsec_client_by_peer(&ip, &a.remote);
	cb = ipsec_client_by_peer(&ip, &b.remote);
	CHECK(ca && cb && ca != cb);
	if (!ca || !cb)
		return;
	CHECK(ca->mark != cb->mark);
	CHECK(ca->mark >= IPSEC_MARK_FIRST && cb->mark >= IPSEC_MARK_FIRST);
	CHECK(!memcmp(&fake_kernel.pol[0].sel, &fake_kernel.pol[2].sel, sizeof(fake_kernel.pol[0].sel)) ||
	      !memcmp(&fake_kernel.pol[0].sel, &fake_kernel.pol[3].sel, sizeof(fake_kernel.pol[0].sel)));
	CHECK_INT(ca->pairs->encap_dport, 40001);
	CHECK_INT(cb->pairs->encap_dport, 40002);

	CHECK_INT(ipsec_pair_counters(&ip, cb, cb->pairs, &in, &out), 0);
	CHECK_INT(out.bytes, 1000 + cb->mark);
	CHECK_INT(in.bytes, 1000);

	/* A leaves: B keeps everything */
	ma = ca->mark;
	mb = cb->mark;
	ipsec_del(&ip, &a);
	CHECK_INT(ngone, 1);
	CHECK_INT(gone[0], ma);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 2);
	CHECK_INT(fake_kernel.pol[0].mark, mb);
	CHECK_INT(fake_kernel.pol[1].mark, mb);
	CHECK(ipsec_client_by_mark(&ip, mb) == cb);

	/* roamd stops: all removed, L2TP not told (it stopped first) */
	ipsec_close(&ip);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(ngone, 1);
	CHECK(ip.clients == NULL);
}

static void test_failures(void)
{
	struct ike_esp_sa e = esp_for(500, 7, 1, 0x1001, 0x2001);
	struct ike_esp_sa e2 = esp_for(500, 7, 2, 0x1002, 0x2002);
	struct ipsec_client c0 = {
		.mark = 0x100, .local = e.local, .remote = e.remote,
		.l2tp_port = 1701,
	};

	/* the outbound SA is refused: the inbound one is taken out */
	setup();
	fake_kernel.fail_op = 1;
	fake_kernel.fail_err = EINVAL;
	CHECK_INT(ipsec_add(&ip, &e, 1), -EINVAL);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(ip.nclients, 0);

	/* the inbound policy is refused: the outbound one and the SAs too */
	fake_kernel_reset();
	fake_kernel.fail_op = 3;
	fake_kernel.fail_err = ENOMEM;
	CHECK_INT(ipsec_add(&ip, &e, 1), -ENOMEM);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(ip.nclients, 0);
	CHECK_INT(ngone, 0);
	ipsec_close(&ip);

	/*
	 * An earlier roamd died and left a policy with the mark the new one
	 * hands out first: it is replaced.  Another one is left alone.
	 */
	setup();
	ipsec_xfrm_policy_out(&c0, &fake_kernel.pol[fake_kernel.npol++]);
	fake_kernel.pol[fake_kernel.npol++] = (struct xfrm_policy){ .dir = XFRM_POLICY_FWD };
	CHECK_INT(ipsec_add(&ip, &e, 1), 0);
	CHECK_INT(fake_kernel.npol, 4);
	CHECK_INT(ip.nclients, 1);
	CHECK(ipsec_client_by_mark(&ip, 0x100) != NULL);

	/* a failed rekey leaves the working pair alone */
	fake_kernel.nops = 0;
	fake_kernel.fail_op = 0;
	fake_kernel.fail_err = EEXIST;
	CHECK_INT(ipsec_add(&ip, &e2, 2), -EEXIST);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(ip.clients ? ip.clients->npairs : 0, 1);
	ipsec_close(&ip);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 1);		/* only the other one */
	CHECK_INT(ngone, 0);
}

/* A Mode-Config client's tunnel pair: 172.16.1.100/32 <-> ours. */
static struct ike_esp_sa tunnel_for(uint64_t id, uint32_t spi_in,
				    uint32_t spi_out, uint8_t net_third,
				    uint8_t prefix)
{
	struct ike_esp_sa e = esp_for(40001, 0, id, spi_in, spi_out);
	uint8_t client[4] = { 172, 16, 1, 100 };
	uint8_t net[4] = { 172, 16, net_third, 0 };

	e.transport = false;
	e.ts_proto = 0;
	e.ts_lport = 0;
	e.ts_rport = 0;
	memcpy(e.ts_remote.addr, client, 4);
	e.ts_remote.prefix = 32;
	if (prefix)
		memcpy(e.ts_local.addr, net, 4);
	e.ts_local.prefix = prefix;
	return e;
}

/* Tunnel mode: selectors from the Quick Mode IDs, three policies. */
static void test_tunnel_map(void)
{
	struct ike_esp_sa e = tunnel_for(1, 0x3001, 0x4001, 0, 0);
	struct ipsec_client c = {
		.mark = 0x300, .local = e.local, .remote = e.remote,
		.tunnel = true,
	};
	struct ipsec_pair p = {
		.tunnel = true, .ts_local = e.ts_local, .ts_remote = e.ts_remote,
	};
	struct xfrm_policy pol;
	struct xfrm_sa x;
	char err[96];

	CHECK_INT(ipsec_xfrm_sa_in(&e, &c, &x, err, sizeof(err)), 0);
	CHECK_INT(x.tunnel, 1);
	CHECK(x.sel.nets);
	CHECK_INT(x.sel.src.s_addr, a4(172, 16, 1, 100));
	CHECK_INT(x.sel.src_plen, 32);
	CHECK_INT(x.sel.dst.s_addr, 0);
	CHECK_INT(x.sel.dst_plen, 0);		/* everything: no split */
	CHECK_INT(x.sel.proto, 0);
	CHECK_INT(x.set_mark, 0x300);
	CHECK_INT(x.encap_sport, 40001);	/* the client's NAT port */
	CHECK_INT(ipsec_xfrm_sa_out(&e, &c, &x, err, sizeof(err)), 0);
	CHECK_INT(x.tunnel, 1);
	CHECK_INT(x.mark, 0);	/* found by the client's own address */
	CHECK_INT(x.sel.dst.s_addr, a4(172, 16, 1, 100));
	CHECK_INT(x.sel.dst_plen, 32);
	CHECK_INT(x.sel.src_plen, 0);

	ipsec_xfrm_tunnel_policy(&c, &p, XFRM_POLICY_OUT, &pol);
	CHECK_INT(pol.tunnel, 1);
	CHECK_INT(pol.mark, 0);
	CHECK_INT(pol.reqid, 0x300);
	CHECK_INT(pol.sel.dst.s_addr, a4(172, 16, 1, 100));
	CHECK_INT(pol.tmpl_dst.s_addr, a4(203, 0, 113, 5));
	ipsec_xfrm_tunnel_policy(&c, &p, XFRM_POLICY_FWD, &pol);
	CHECK_INT(pol.dir, XFRM_POLICY_FWD);
	CHECK_INT(pol.mark, 0x300);	/* only what this client's SA marked */
	CHECK_INT(pol.sel.src.s_addr, a4(172, 16, 1, 100));
	CHECK_INT(pol.tmpl_src.s_addr, a4(203, 0, 113, 5));
	CHECK_INT(pol.tmpl_dst.s_addr, a4(198, 51, 100, 1));

	e.ts_local.prefix = 33;
	CHECK_INT(ipsec_xfrm_sa_in(&e, &c, &x, err, sizeof(err)), -1);
	CHECK_HAS(err, "selectors");
	explicit_bzero(&x, sizeof(x));
}

/* Policies per selector pair, kept over a rekey, gone with the last. */
static void test_tunnel_install(void)
{
	struct ike_esp_sa a = tunnel_for(1, 0x3001, 0x4001, 1, 24);
	struct ike_esp_sa b = tunnel_for(2, 0x3002, 0x4002, 2, 24);
	struct ike_esp_sa a2 = tunnel_for(3, 0x3003, 0x4003, 1, 24);
	struct ike_esp_sa l2tp = esp_for(40001, 0, 4, 0x3004, 0x4004);

	setup();
	CHECK_INT(ipsec_add(&ip, &a, 1), 0);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 3);		/* out, in, fwd */
	CHECK_INT(fake_kernel.ops[2].dir, XFRM_POLICY_OUT);
	CHECK_INT(fake_kernel.ops[3].dir, XFRM_POLICY_IN);
	CHECK_INT(fake_kernel.ops[4].dir, XFRM_POLICY_FWD);
	CHECK_INT(fake_kernel.ops[1].mark, 0);	/* the outbound SA */
	/* a second split network: its own policies, the same client */
	CHECK_INT(ipsec_add(&ip, &b, 2), 0);
	CHECK_INT(fake_kernel.npol, 6);
	CHECK_INT(ip.nclients, 1);
	/* a rekey of the first: no new policies */
	CHECK_INT(ipsec_add(&ip, &a2, 3), 0);
	CHECK_INT(fake_kernel.npol, 6);
	CHECK_INT(fake_kernel.nsa, 6);
	/* a transport pair from the same client is refused */
	CHECK_INT(ipsec_add(&ip, &l2tp, 4), -EINVAL);
	CHECK_INT(fake_kernel.nsa, 6);

	ipsec_del(&ip, &a);
	CHECK_INT(fake_kernel.npol, 6);		/* a2 still uses them */
	CHECK_INT(fake_kernel.nsa, 4);
	ipsec_del(&ip, &b);
	CHECK_INT(fake_kernel.npol, 3);
	CHECK_INT(ngone, 0);
	ipsec_del(&ip, &a2);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(ngone, 1);
	CHECK_INT(ip.nclients, 0);

	/* close removes whatever is left, policies included */
	CHECK_INT(ipsec_add(&ip, &a, 5), 0);
	CHECK_INT(ipsec_add(&ip, &a2, 6), 0);
	ipsec_close(&ip);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
}

/*
 * The indexes: clients by peer (address, then port) and pairs by SPI
 * follow every add and delete, a NAT port move included, and hold
 * nothing once the last pair is gone.
 */
static void test_indexes(void)
{
	struct ike_esp_sa a1 = esp_for(40001, 0, 1, 0xa001, 0x1111);
	struct ike_esp_sa a2 = esp_for(40001, 0, 3, 0xa002, 0x1112);
	struct ike_esp_sa b = esp_for(40002, 0, 2, 0xb001, 0x2222);
	struct ike_esp_sa p = esp_for(500, 7, 4, 0xc001, 0x3333);
	struct ike_addr moved = p.remote;
	struct ipsec_client *ca, *cp;

	setup();
	CHECK_INT(ipsec_add(&ip, &a1, 1), 0);
	CHECK_INT(ipsec_add(&ip, &b, 2), 0);
	CHECK_INT(ipsec_add(&ip, &a2, 3), 0);	/* A rekeys */
	CHECK_INT(ipsec_add(&ip, &p, 4), 0);
	CHECK_INT(ip.clients_by_host.n, 3);
	CHECK_INT(ip.pairs_by_spi.n, 4);
	ca = ipsec_client_by_peer(&ip, &a1.remote);
	CHECK(ca && ca->npairs == 2);
	/* the port a client's NAT mapping moves to finds it, not the old */
	cp = ipsec_client_by_peer(&ip, &p.remote);
	CHECK(cp != NULL);
	if (!cp)
		return;
	/* as ipsec_remap() moves a client (remap.c, not linked here) */
	cp->remote.port = 501;
	moved.port = 501;
	CHECK(ipsec_client_by_peer(&ip, &moved) == cp);
	CHECK(!ipsec_client_by_peer(&ip, &p.remote));
	/* a pair is found by its SPI even when the engine names another peer */
	p.remote = moved;
	p.remote.port = 9;
	ipsec_del(&ip, &p);
	CHECK(!ipsec_client_by_peer(&ip, &moved));
	CHECK_INT(ip.pairs_by_spi.n, 3);
	/* A's old pair goes: A stays with its new one */
	ipsec_del(&ip, &a1);
	CHECK(ipsec_client_by_peer(&ip, &a1.remote) == ca);
	CHECK(ca->npairs == 1 && ca->pairs->spi_in == a2.spi_in);
	ipsec_del(&ip, &a2);
	CHECK(!ipsec_client_by_peer(&ip, &a1.remote));
	CHECK(ipsec_client_by_peer(&ip, &b.remote) != NULL);
	ipsec_del(&ip, &b);
	CHECK_INT(ip.clients_by_host.n, 0);
	CHECK_INT(ip.clients_by_mark.n, 0);
	CHECK_INT(ip.pairs_by_spi.n, 0);
	CHECK(ip.clients == NULL);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	ipsec_close(&ip);
}

/*
 * A restarted roamd takes a client's pair back from the kernel: same
 * mark, nothing installed again; a rekey then joins the client, and its
 * last pair's end removes the policies the earlier roamd installed.
 */
static void test_adopt(void)
{
	struct ike_esp_sa e1 = esp_for(40000, 0, 1, 0x1001, 0x2001);
	struct ike_esp_sa e2 = esp_for(40000, 0, 2, 0x1002, 0x2002);
	struct ike_esp_sa other = esp_for(40001, 0, 3, 0x1003, 0x2003);
	struct ipsec nu;
	struct ipsec_client *c;

	setup();
	CHECK_INT(ipsec_add(&ip, &e1, 1000), 0);	/* the earlier roamd */
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 2);
	ipsec_init(&nu);
	CHECK_INT(ipsec_subscribe(&nu, on_gone, NULL), 0);
	CHECK_INT(ipsec_open(&nu), 0);
	fake_kernel.nops = 0;
	memset(e1.enc_key_in, 0, sizeof(e1.enc_key_in));	/* no keys */
	CHECK_INT(ipsec_adopt(&nu, 0x100, &e1, 5000), 0);
	CHECK_INT(fake_kernel.nops, 0);
	c = ipsec_client_by_mark(&nu, 0x100);
	CHECK(c && c->policies && c->npairs == 1 && c->l2tp_port == 1701);
	CHECK(ipsec_client_by_peer(&nu, &e1.remote) == c);
	CHECK(nu.saved_changes > 0);
	CHECK(ipsec_mark_alloc(&nu) != 0x100);

	/* what cannot be adopted */
	CHECK_INT(ipsec_adopt(&nu, 0x100, &e1, 5000), -EEXIST);
	CHECK_INT(ipsec_adopt(&nu, 0x100, &other, 5000), -EEXIST);
	CHECK_INT(ipsec_adopt(&nu, 0x50, &other, 5000), -EINVAL);
	other.transport = false;
	CHECK_INT(ipsec_adopt(&nu, 0x200, &other, 5000), -EINVAL);
	CHECK_INT(nu.nclients, 1);

	/* the client rekeys: its mark, no second set of policies */
	CHECK_INT(ipsec_add(&nu, &e2, 6000), 0);
	CHECK_INT(fake_kernel.nops, 2);
	CHECK_INT(fake_kernel.ops[0].mark, 0);		/* inbound: set-mark */
	CHECK_INT(fake_kernel.ops[1].mark, 0x100);
	CHECK_INT(fake_kernel.nsa, 4);
	CHECK_INT(fake_kernel.npol, 2);
	CHECK_INT(nu.nclients, 1);

	/* the adopted pair goes as any other; the last takes the policies */
	ipsec_del(&nu, &e1);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 2);
	CHECK_INT(ngone, 0);
	ipsec_del(&nu, &e2);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	CHECK_INT(ngone, 1);
	CHECK_INT(gone[0], 0x100);
	ipsec_close(&nu);
	ipsec_close(&ip);	/* the earlier roamd's record, for its memory */
}

void suite_ipsec(void)
{
	enum roam_log_level level = roam_log_get_level();

	/* the failures are deliberate: keep their log lines out of the way */
	roam_log_set_level((enum roam_log_level)0);
	RUN(test_mark_alloc);
	RUN(test_map_natt);
	RUN(test_map_plain_and_refused);
	RUN(test_order_and_rekey);
	RUN(test_same_nat);
	RUN(test_indexes);
	RUN(test_failures);
	RUN(test_tunnel_map);
	RUN(test_tunnel_install);
	RUN(test_adopt);
	roam_log_set_level(level);
}
