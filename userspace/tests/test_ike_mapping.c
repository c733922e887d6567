// SPDX-License-Identifier: GPL-2.0
/*
 * A client whose NAT re-maps its port: the decision (old and new
 * endpoint -> what moves), then the engine against the scripted
 * initiator, moved by the kernel's mapping event and by an authenticated
 * IKE message, and not moved by an unauthenticated one.
 *
 *   client 192.168.1.10 --- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *   (NAT-T first mapped to 40001, then to 40777 or 40555)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/ike.h"
#include "ike/sa.h"
#include "test_ike_peer.h"

void suite_ike_mapping(void);

static void decide_table(void)
{
	struct ike_addr old = T_ADDR(203, 0, 113, 5, 40001);
	struct ike_addr port = T_ADDR(203, 0, 113, 5, 40777);
	struct ike_addr addr = T_ADDR(203, 0, 113, 9, 40001);
	struct ike_addr zero = T_ADDR(0, 0, 0, 0, 40777);
	struct ike_addr noport = T_ADDR(203, 0, 113, 5, 0);
	struct ike_addr v6 = { .family = AF_INET6, .port = 40777, .ip = { 1 } };
	struct ike_addr nofam = { 0 };

	CHECK_INT(ike_map_decide(&old, &old, true, true, true), IKE_MAP_SAME);
	CHECK_INT(ike_map_decide(&old, &port, true, true, true), IKE_MAP_PORT);
	/* port 500's mapping says nothing about the one ESP uses */
	CHECK_INT(ike_map_decide(&old, &port, true, false, true),
		  IKE_MAP_IKE_ONLY);
	/* plain ESP has no port to follow: only the endpoint is noted */
	CHECK_INT(ike_map_decide(&old, &port, false, false, false),
		  IKE_MAP_PORT);
	/* a NAT's new public address is followed, from the NAT-T port */
	CHECK_INT(ike_map_decide(&old, &addr, true, true, true), IKE_MAP_ADDR);
	CHECK_INT(ike_map_decide(&old, &addr, true, false, true),
		  IKE_MAP_IKE_ONLY);
	/* a client not behind a NAT that shows up elsewhere is not */
	CHECK_INT(ike_map_decide(&old, &addr, false, false, false),
		  IKE_MAP_ADDR_DIRECT);
	CHECK_INT(ike_map_decide(&old, &addr, false, true, true),
		  IKE_MAP_ADDR_DIRECT);
	/* NAT-T because we are behind a NAT: the client's address is its own */
	CHECK_INT(ike_map_decide(&old, &addr, true, true, false),
		  IKE_MAP_ADDR_DIRECT);
	CHECK_INT(ike_map_decide(&old, &zero, true, true, true),
		  IKE_MAP_REFUSE);
	CHECK_INT(ike_map_decide(&old, &noport, true, true, true),
		  IKE_MAP_REFUSE);
	CHECK_INT(ike_map_decide(&old, &v6, true, true, true), IKE_MAP_REFUSE);
	CHECK_INT(ike_map_decide(&old, &nofam, true, true, true),
		  IKE_MAP_REFUSE);
	CHECK_INT(ike_map_decide(&old, &zero, true, true, false),
		  IKE_MAP_REFUSE);
	CHECK_STR(ike_map_verdict_name(IKE_MAP_ADDR), "address changed");
}

/* Phase 1 and one L2TP Quick Mode from behind the NAT (NAT-T, DPD). */
static int connect_behind_nat(struct ini *in)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_UDP_TRANSPORT, 0, 3600, 17, 1701, 1701 };

	ini_init(in, new_ctx(NULL), true);
	if (phase1(in, win_offer, 1, true, false) || !qm1(in, &o) ||
	    !qm3(in))
		return -1;
	return 0;
}

static size_t count(struct ike_actions *a, enum ike_action_type t)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += a->v[i].type == t;
	return n;
}

static void kernel_event_moves_pair_and_ike_sa(void)
{
	struct ike_addr moved = T_ADDR(203, 0, 113, 5, 40777);
	struct ike_action *x;
	struct ike_actions a;
	struct ini in;

	CHECK_INT(connect_behind_nat(&in), 0);
	ike_actions_init(&a);
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &moved, &a), 0);
	x = find_act(&a, IKE_ACT_SA_MAP, 0);
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->map.spi_in, in.spi_r);
		CHECK_INT(x->map.spi_out, in.spi_i);
		CHECK_INT(x->map.old_remote.port, 40001);
		CHECK_INT(x->map.new_remote.port, 40777);
		CHECK(!memcmp(x->map.new_remote.ip, moved.ip, 4));
	}
	CHECK(find_log(&a, "IKE peer 203.0.113.5:40001 moved to 203.0.113.5:40777 (NAT mapping changed, seen on ESP): 1 IKE SA and 1 ESP SA pair follow"));
	ike_actions_clear(&a);

	/* The kernel repeats the event until the SA is updated: no more. */
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &moved, &a), 0);
	CHECK_INT(count(&a, IKE_ACT_SA_MAP), 0);
	CHECK_INT(count(&a, IKE_ACT_LOG), 0);
	ike_actions_clear(&a);

	/* DPD now goes to the new port. */
	ike_timer(in.ctx, in.now + 31000, &a);
	x = find_act(&a, IKE_ACT_SEND, 0);
	CHECK(x && x->send.remote.port == 40777 && x->send.local.port == 4500);
	ike_actions_clear(&a);

	/* An SPI of nobody's. */
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r ^ 1, &moved, &a),
		  -1);
	CHECK_INT(a.n, 0);
	ike_actions_clear(&a);
	ini_fini(&in);
}

static void new_address_behind_nat_is_followed(void)
{
	struct ike_addr elsewhere = T_ADDR(203, 0, 113, 9, 40321);
	struct ike_action *x;
	struct ike_actions a;
	struct ini in;

	CHECK_INT(connect_behind_nat(&in), 0);
	ike_actions_init(&a);
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &elsewhere, &a), 0);
	x = find_act(&a, IKE_ACT_SA_MAP, 0);
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->map.spi_in, in.spi_r);
		CHECK(!memcmp(x->map.old_remote.ip, in.seen4500.ip, 4));
		CHECK_INT(x->map.old_remote.port, 40001);
		CHECK(!memcmp(x->map.new_remote.ip, elsewhere.ip, 4));
		CHECK_INT(x->map.new_remote.port, 40321);
	}
	CHECK(find_log(&a, "IKE peer 203.0.113.5:40001 moved to 203.0.113.9:40321 (NAT mapping changed, seen on ESP): 1 IKE SA and 1 ESP SA pair follow"));
	ike_actions_clear(&a);
	/* said once, not for every packet the kernel reports */
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &elsewhere, &a), 0);
	CHECK_INT(a.n, 0);
	ike_actions_clear(&a);
	/* the IKE SA went with it: DPD goes to the new endpoint */
	ike_timer(in.ctx, in.now + 31000, &a);
	x = find_act(&a, IKE_ACT_SEND, 0);
	CHECK(x && x->send.remote.port == 40321 &&
	      !memcmp(x->send.remote.ip, elsewhere.ip, 4));
	ike_actions_clear(&a);
	ini_fini(&in);
}

/* Phase 1 and an L2TP Quick Mode from a client with a public address. */
static int connect_direct(struct ini *in)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 3600, 17, 1701, 1701 };

	ini_init(in, new_ctx(NULL), false);
	if (phase1(in, win_offer, 1, false, false) || !qm1(in, &o) ||
	    !qm3(in))
		return -1;
	return 0;
}

static void new_address_without_nat_is_not_followed(void)
{
	struct ike_addr elsewhere = T_ADDR(198, 51, 100, 8, 500);
	struct ike_actions a;
	struct ini in;

	CHECK_INT(connect_direct(&in), 0);
	CHECK(!in.floated);
	ike_actions_init(&a);
	/* what an authenticated IKE message from there would ask */
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &elsewhere, &a), 0);
	CHECK_INT(count(&a, IKE_ACT_SA_MAP), 0);
	CHECK(find_log(&a, "address changed, and the client is not behind a NAT, 1 ESP SA pair not moved"));
	ike_actions_clear(&a);
	CHECK_INT(ike_esp_mapping(in.ctx, in.now, in.spi_r, &elsewhere, &a), 0);
	CHECK_INT(a.n, 0);
	ike_actions_clear(&a);
	ini_fini(&in);
}

/* An R-U-THERE from the initiator, encrypted and hashed with its keys. */
static void r_u_there(struct ini *in, uint32_t seq)
{
	uint8_t n[28] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28 };
	struct ike_ctx fake = { 0 };
	struct ike_actions a;
	struct ike_action *x;

	memcpy(n + 8, in->s.cky_i, 8);
	memcpy(n + 16, in->s.cky_r, 8);
	n[24] = seq >> 24;
	n[25] = seq >> 16;
	n[26] = seq >> 8;
	n[27] = seq;
	ike_actions_init(&a);
	fake.out = &a;
	in->s.local = in->seen;
	in->s.remote = in->srv;
	ike_send_info(&fake, &in->s, ISAKMP_NP_N, n, sizeof(n));
	x = find_act(&a, IKE_ACT_SEND, 0);
	if (x)
		deliver(in, x->send.buf, x->send.len);
	ike_actions_clear(&a);
}

static void authenticated_ike_moves_the_pairs(void)
{
	struct ike_action *x;
	struct ini in;

	CHECK_INT(connect_behind_nat(&in), 0);
	CHECK(in.floated);
	in.seen4500.port = 40555;
	r_u_there(&in, 7);
	x = find_act(&in.act, IKE_ACT_SA_MAP, 0);
	CHECK(x && x->map.spi_in == in.spi_r &&
	      x->map.new_remote.port == 40555);
	CHECK(find_log(&in.act, "moved to 203.0.113.5:40555 (NAT mapping changed, seen on IKE)"));
	/* the ACK went to where the R-U-THERE came from */
	x = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(x && x->send.remote.port == 40555);
	/* the next one from there moves nothing */
	r_u_there(&in, 8);
	CHECK_INT(count(&in.act, IKE_ACT_SA_MAP), 0);
	CHECK(!find_log(&in.act, "moved to"));
	ini_fini(&in);
}

static void authenticated_ike_from_a_new_address(void)
{
	struct ike_action *x;
	struct ini in;

	CHECK_INT(connect_behind_nat(&in), 0);
	in.seen4500 = T_ADDR(203, 0, 113, 9, 40777);
	r_u_there(&in, 7);
	x = find_act(&in.act, IKE_ACT_SA_MAP, 0);
	CHECK(x && x->map.spi_in == in.spi_r &&
	      x->map.new_remote.port == 40777 &&
	      !memcmp(x->map.new_remote.ip, in.seen4500.ip, 4));
	CHECK(find_log(&in.act, "moved to 203.0.113.9:40777 (NAT mapping changed, seen on IKE): 1 IKE SA and 1 ESP SA pair follow"));
	x = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(x && x->send.remote.port == 40777 &&
	      !memcmp(x->send.remote.ip, in.seen4500.ip, 4));
	ini_fini(&in);
}

static void unauthenticated_ike_moves_nothing(void)
{
	uint8_t m[28 + 48];
	struct ini in;
	size_t i;

	CHECK_INT(connect_behind_nat(&in), 0);
	/* The SA's cookies (seen on the wire), a body that is not ours. */
	memset(m, 0, sizeof(m));
	memcpy(m, in.s.cky_i, 8);
	memcpy(m + 8, in.s.cky_r, 8);
	m[16] = ISAKMP_NP_HASH;
	m[17] = 0x10;
	m[18] = ISAKMP_EXCH_INFO;
	m[19] = ISAKMP_FLAG_ENC;
	m[20] = 0x12;
	m[27] = sizeof(m);
	for (i = 28; i < sizeof(m); i++)
		m[i] = (uint8_t)(i * 37);
	in.seen4500.port = 40999;
	deliver(&in, m, sizeof(m));
	CHECK_INT(count(&in.act, IKE_ACT_SA_MAP), 0);
	CHECK(!find_log(&in.act, "moved to"));
	/* The SA stays where it was: DPD goes to the old port. */
	ike_actions_clear(&in.act);
	ike_timer(in.ctx, in.now + 31000, &in.act);
	CHECK(find_act(&in.act, IKE_ACT_SEND, 0) &&
	      find_act(&in.act, IKE_ACT_SEND, 0)->send.remote.port == 40001);
	ini_fini(&in);
}

void suite_ike_mapping(void)
{
	RUN(decide_table);
	RUN(kernel_event_moves_pair_and_ike_sa);
	RUN(new_address_behind_nat_is_followed);
	RUN(new_address_without_nat_is_not_followed);
	RUN(authenticated_ike_moves_the_pairs);
	RUN(authenticated_ike_from_a_new_address);
	RUN(unauthenticated_ike_moves_nothing);
}
