// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec/remap.c against the fake kernel (fake_xfrm.c): a client's NAT
 * gives it a new public port, or a new public address, and its SAs and
 * policies follow, found by the inbound SPI of the pair the kernel
 * named, among many clients.
 *
 *   40 clients behind a hotel NAT 203.0.113.5 (ports 40001..40040) ---
 *   198.51.100.1 roamd (NAT-T 4500); one of them reappears on port
 *   41000, another at 192.0.2.77:4501 (the NAT's second address).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "fake_xfrm.h"
#include "ipsec/clients.h"
#include "log.h"

#define NCLIENTS	40
#define SPI_IN(i)	(0x51000000u + (i))
#define SPI_OUT(i)	(0xc0000000u + (i))

#define T_ADDR(a, b, c, d, p) \
	((struct ike_addr){ .family = AF_INET, .port = (p), .ip = { a, b, c, d } })

static struct ipsec ip;
static struct {
	unsigned int calls;
	uint32_t mark;
	struct ike_addr remote;
} moved;

static void on_moved(void *arg, uint32_t mark, const struct ike_addr *remote)
{
	(void)arg;
	moved.calls++;
	moved.mark = mark;
	moved.remote = *remote;
}

/* Client i's one ESP pair: AES-128/SHA1, transport, ESP-in-UDP. */
static struct ike_esp_sa esp_of(unsigned int i)
{
	struct ike_esp_sa e;

	memset(&e, 0, sizeof(e));
	e.id = i + 1;
	e.spi_in = SPI_IN(i);
	e.spi_out = SPI_OUT(i);
	e.local = T_ADDR(198, 51, 100, 1, 4500);
	e.remote = T_ADDR(203, 0, 113, 5, 40001 + i);
	e.enc = IKE_ESP_AES_CBC;
	e.enc_key_len = 16;
	e.auth = IKE_ESP_AUTH_SHA1;
	e.auth_key_len = 20;
	e.auth_trunc_bits = 96;
	e.transport = true;
	e.encap = true;
	e.encap_sport = 4500;
	e.encap_dport = e.remote.port;
	e.ts_proto = IPPROTO_UDP;
	e.ts_lport = 1701;
	e.ts_rport = 1701;
	e.lifetime_s = 3600;
	return e;
}

static struct in_addr in4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct in_addr x;

	x.s_addr = htonl((uint32_t)a << 24 | (uint32_t)b << 16 | c << 8 | d);
	return x;
}

/* Client i, found by its endpoint as IKE names it. */
static struct ipsec_client *client_of(unsigned int i)
{
	struct ike_esp_sa e = esp_of(i);

	return ipsec_client_by_peer(&ip, &e.remote);
}

static void setup(void)
{
	unsigned int i;

	fake_kernel_reset();
	memset(&moved, 0, sizeof(moved));
	ipsec_init(&ip);
	CHECK_INT(ipsec_subscribe_moves(&ip, on_moved, NULL), 0);
	CHECK_INT(ipsec_open(&ip), 0);
	for (i = 0; i < NCLIENTS; i++) {
		struct ike_esp_sa e = esp_of(i);

		CHECK_INT(ipsec_add(&ip, &e, 1000), 0);
	}
	CHECK_INT(ip.nclients, NCLIENTS);
	CHECK_INT(fake_kernel.nsa, 2 * NCLIENTS);
	CHECK_INT(fake_kernel.npol, 2 * NCLIENTS);
}

static void teardown(void)
{
	ipsec_close(&ip);
	/* what moved is what close found and removed: nothing is left */
	CHECK_INT(fake_kernel.nsa, 0);
	CHECK_INT(fake_kernel.npol, 0);
}

/*
 * The client is found by the pair's SPI through the index: with the list
 * of clients hidden, the remap still finds it (a walk would find none).
 */
static int remap_unlisted(uint32_t spi_in, const struct ike_addr *to)
{
	struct ipsec_client *list = ip.clients;
	int r;

	ip.clients = NULL;
	r = ipsec_remap(&ip, spi_in, to);
	ip.clients = list;
	return r;
}

static void test_remap_port(void)
{
	struct ike_addr to = T_ADDR(203, 0, 113, 5, 41000);
	struct in_addr nat = in4(203, 0, 113, 5), us = in4(198, 51, 100, 1);
	struct ipsec_client *c, *other;
	uint64_t changes;
	int i, nops;

	setup();
	/* the oldest client: the far end of the newest-first list */
	c = client_of(0);
	other = client_of(1);
	CHECK(c != NULL && other != NULL && c != other);
	if (!c || !other)
		goto out;
	changes = ip.saved_changes;
	CHECK_INT(remap_unlisted(SPI_IN(0), &to), 0);
	CHECK_INT(c->remote.port, 41000);
	CHECK_INT(c->pairs->encap_dport, 41000);
	CHECK(ip.saved_changes > changes);
	CHECK(ipsec_client_by_peer(&ip, &to) == c);
	/* both SAs of the pair, in place: same SPIs and marks */
	i = fake_sa_find(nat, htonl(SPI_OUT(0)), c->mark);
	CHECK(i >= 0);
	if (i >= 0)
		CHECK_INT(fake_kernel.sa[i].encap_dport, 41000);
	i = fake_sa_find(us, htonl(SPI_IN(0)), 0);
	CHECK(i >= 0);
	if (i >= 0)
		CHECK_INT(fake_kernel.sa[i].encap_sport, 41000);
	/* its neighbour behind the same NAT is untouched */
	CHECK_INT(other->remote.port, 40002);
	i = fake_sa_find(nat, htonl(SPI_OUT(1)), other->mark);
	CHECK(i >= 0);
	if (i >= 0)
		CHECK_INT(fake_kernel.sa[i].encap_dport, 40002);
	CHECK_INT(fake_kernel.nsa, 2 * NCLIENTS);
	CHECK_INT(moved.calls, 0);	/* same address: nothing to tell */

	/* an SPI no pair has: nothing asked of the kernel */
	nops = fake_kernel.nops;
	CHECK_INT(ipsec_remap(&ip, 0x0badc0de, &to), -ENOENT);
	CHECK_INT(fake_kernel.nops, nops);
out:
	teardown();
}

static void test_remap_addr(void)
{
	struct ike_addr to = T_ADDR(192, 0, 2, 77, 4501);
	struct ike_addr from = esp_of(5).remote;
	struct in_addr nat = in4(203, 0, 113, 5), nat2 = in4(192, 0, 2, 77);
	struct in_addr us = in4(198, 51, 100, 1);
	struct ipsec_client *c, *other;
	struct xfrm_policy pol;
	uint32_t mark;
	int i;

	setup();
	c = ipsec_client_by_peer(&ip, &from);
	CHECK(c != NULL);
	if (!c)
		goto out;
	mark = c->mark;
	CHECK_INT(remap_unlisted(SPI_IN(5), &to), 0);
	/* the same client (mark), filed at its new endpoint */
	CHECK(ipsec_client_by_peer(&ip, &to) == c);
	CHECK(!ipsec_client_by_peer(&ip, &from));
	CHECK_INT(c->mark, mark);
	CHECK_INT(c->pairs->encap_dport, 4501);
	/* the subscribers (L2TP) told once, with the mark and the endpoint */
	CHECK_INT(moved.calls, 1);
	CHECK_INT(moved.mark, mark);
	CHECK(moved.remote.port == 4501 && !memcmp(moved.remote.ip, to.ip, 4));
	/* outbound SA at the new address only, same SPI and mark */
	CHECK(fake_sa_find(nat, htonl(SPI_OUT(5)), mark) < 0);
	i = fake_sa_find(nat2, htonl(SPI_OUT(5)), mark);
	CHECK(i >= 0);
	if (i >= 0)
		CHECK_INT(fake_kernel.sa[i].encap_dport, 4501);
	/* inbound SA: same id, from the new address */
	i = fake_sa_find(us, htonl(SPI_IN(5)), 0);
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK_INT(fake_kernel.sa[i].src.s_addr, nat2.s_addr);
		CHECK_INT(fake_kernel.sa[i].encap_sport, 4501);
	}
	/* the transport policies name the new address, not the old */
	ipsec_xfrm_policy_out(c, &pol);
	CHECK_INT(pol.sel.dst.s_addr, nat2.s_addr);
	CHECK(fake_pol_find(&pol) >= 0);
	pol.sel.dst = nat;
	CHECK(fake_pol_find(&pol) < 0);
	ipsec_xfrm_policy_in(c, &pol);
	CHECK(fake_pol_find(&pol) >= 0);
	CHECK_INT(fake_kernel.nsa, 2 * NCLIENTS);
	CHECK_INT(fake_kernel.npol, 2 * NCLIENTS);
	/* its neighbour stays where it was */
	other = client_of(6);
	CHECK(other != NULL && other != c);
	if (other)
		CHECK(fake_sa_find(nat, htonl(SPI_OUT(6)), other->mark) >= 0);

	/* another client cannot be moved onto an endpoint that is taken */
	CHECK_INT(ipsec_remap(&ip, SPI_IN(7), &to), -EEXIST);
	CHECK_INT(moved.calls, 1);
out:
	teardown();
}

void suite_ipsec_remap(void)
{
	enum roam_log_level level = roam_log_get_level();

	roam_log_set_level(ROAM_LOG_ERROR);
	RUN(test_remap_port);
	RUN(test_remap_addr);
	roam_log_set_level(level);
}
