// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen's ESP pair and transport policies on the client side
 * (tools/loadgen/esp.c), against the fake XFRM kernel: what each of the
 * four objects says, two clients behind one address kept apart by port
 * and reqid, all or nothing when the kernel refuses one, and nothing
 * left after the removal.
 *
 *   client 192.168.1.10, L2TP from 40100, ESP in UDP from 40200
 *     --- 198.51.100.1:1701 (ESP in UDP to 4500)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <string.h>

#include "test.h"
#include "fake_xfrm.h"
#include "../tools/loadgen/esp.h"

void suite_loadgen_esp(void);

static void ends(struct lg_esp_ends *e, uint16_t l2tp, uint16_t natt,
		 uint32_t reqid)
{
	inet_pton(AF_INET, "192.168.1.10", &e->own);
	inet_pton(AF_INET, "198.51.100.1", &e->srv);
	e->l2tp_port = l2tp;
	e->natt_port = natt;
	e->reqid = reqid;
}

static void keys(struct ikei_esp *k, uint32_t spi_in, uint32_t spi_out)
{
	memset(k, 0, sizeof(*k));
	k->spi_in = spi_in;
	k->spi_out = spi_out;
	k->enc = IKE_ESP_AES_CBC;
	k->enc_key_len = 32;
	k->auth = IKE_ESP_AUTH_SHA2_256;
	k->auth_key_len = 32;
	k->auth_trunc_bits = 128;
	memset(k->enc_key_in, 0x11, 32);
	memset(k->enc_key_out, 0x22, 32);
	memset(k->auth_key_in, 0x33, 32);
	memset(k->auth_key_out, 0x44, 32);
	k->encap = true;
	k->life_s = 3600;
}

static void describe_one_client(void)
{
	struct lg_esp_ends e;
	struct ikei_esp k;
	struct lg_esp_objs o;

	ends(&e, 40100, 40200, 7);
	keys(&k, 0x1000, 0x2000);
	lg_esp_describe(&e, &k, &o);
	/* out: ours to the server, on the server's SPI, with its keys */
	CHECK_INT(o.out.src.s_addr, e.own.s_addr);
	CHECK_INT(o.out.dst.s_addr, e.srv.s_addr);
	CHECK_INT(o.out.spi, htonl(0x2000));
	CHECK(!memcmp(o.out.enc_key, k.enc_key_out, 32));
	CHECK(!memcmp(o.out.auth_key, k.auth_key_out, 32));
	CHECK_STR(o.out.enc_name, "cbc(aes)");
	CHECK_STR(o.out.auth_name, "hmac(sha256)");
	CHECK_INT(o.out.auth_trunc_bits, 128);
	CHECK_INT(o.out.encap_sport, 40200);
	CHECK_INT(o.out.encap_dport, 4500);
	CHECK_INT(o.out.sel.sport, 40100);
	CHECK_INT(o.out.sel.dport, 1701);
	CHECK_INT(o.out.sel.proto, IPPROTO_UDP);
	CHECK_INT(o.out.tunnel, 0);
	CHECK_INT(o.out.reqid, 7);
	/* in: the server's to ours, on our SPI */
	CHECK_INT(o.in.src.s_addr, e.srv.s_addr);
	CHECK_INT(o.in.dst.s_addr, e.own.s_addr);
	CHECK_INT(o.in.spi, htonl(0x1000));
	CHECK(!memcmp(o.in.enc_key, k.enc_key_in, 32));
	CHECK(!memcmp(o.in.auth_key, k.auth_key_in, 32));
	CHECK_INT(o.in.encap_sport, 4500);
	CHECK_INT(o.in.encap_dport, 40200);
	CHECK_INT(o.in.sel.sport, 1701);
	CHECK_INT(o.in.sel.dport, 40100);
	CHECK_INT(o.pol_out.dir, XFRM_POLICY_OUT);
	CHECK_INT(o.pol_out.reqid, 7);
	CHECK_INT(o.pol_out.tmpl_dst.s_addr, e.srv.s_addr);
	CHECK_INT(o.pol_in.dir, XFRM_POLICY_IN);
	CHECK_INT(o.pol_in.sel.dport, 40100);
	CHECK_INT(o.pol_in.tmpl_src.s_addr, e.srv.s_addr);
	lg_esp_wipe(&o);
	/* without NAT-T: plain ESP */
	k.encap = false;
	lg_esp_describe(&e, &k, &o);
	CHECK_INT(o.out.encap_sport, 0);
	CHECK_INT(o.in.encap_dport, 0);
	lg_esp_wipe(&o);
}

static void two_clients_then_removed(void)
{
	struct lg_esp_ends e1, e2;
	struct ikei_esp k1, k2;
	struct xfrm_conn c = { .fd = -1 };

	fake_kernel_reset();
	ends(&e1, 40100, 40200, 1);
	ends(&e2, 40101, 40201, 2);
	keys(&k1, 0x1001, 0x2001);
	keys(&k2, 0x1002, 0x2002);
	CHECK_INT(lg_esp_install(&c, &e1, &k1), 0);
	CHECK_INT(lg_esp_install(&c, &e2, &k2), 0);
	CHECK_INT(fake_kernel.nsa, 4);
	CHECK_INT(fake_kernel.npol, 4);	/* the ports keep them apart */
	CHECK_INT(lg_esp_remove(&c, &e1, &k1), 0);
	CHECK_INT(fake_kernel.nsa, 2);
	CHECK_INT(fake_kernel.npol, 2);
	CHECK(fake_sa_find(e2.srv, htonl(0x2002), 0) >= 0);
	CHECK(fake_sa_find(e1.srv, htonl(0x2001), 0) < 0);
	CHECK_INT(lg_esp_remove(&c, &e2, &k2), 0);
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
	/* a second removal finds nothing and says so */
	CHECK(lg_esp_remove(&c, &e2, &k2) != 0);
}

/* Whichever of the four the kernel refuses, none stays. */
static void all_or_nothing(void)
{
	struct xfrm_conn c = { .fd = -1 };
	struct lg_esp_ends e;
	struct ikei_esp k;
	int op;

	ends(&e, 40100, 40200, 1);
	keys(&k, 0x1001, 0x2001);
	for (op = 0; op < 4; op++) {
		fake_kernel_reset();
		fake_kernel.fail_op = op;
		fake_kernel.fail_err = ENOBUFS;
		CHECK_INT(lg_esp_install(&c, &e, &k), -ENOBUFS);
		CHECK_INT(fake_kernel.nsa, 0);
		CHECK_INT(fake_kernel.npol, 0);
	}
	fake_kernel_reset();
}

void suite_loadgen_esp(void)
{
	RUN(describe_one_client);
	RUN(two_clients_then_removed);
	RUN(all_or_nothing);
}
