// SPDX-License-Identifier: GPL-2.0
/*
 * The PPTP control engine against a scripted client: the whole exchange
 * of a Windows or pptp-linux client, call IDs across connections, the
 * administrator's limits and the codes of each refusal, keepalive, idle
 * and stop timers, and teardown by either side.
 */
#include <netinet/in.h>
#include <stdlib.h>

#include "test.h"
#include "pptp/msg.h"
#include "pptp/pptp.h"

void suite_pptp_ctrl(void);

static struct pptp_ctx *ctx;
static struct pptp_actions acts;
static struct pptp_config cfg;
static uint64_t now;
static uint16_t rnd_value;	/* 0: count up */
static uint16_t rnd_counter;

static void test_random(void *arg, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	(void)arg;
	for (i = 0; i < len; i++)
		p[i] = rnd_value ? (uint8_t)(rnd_value >> (8 * (i & 1))) :
				   (uint8_t)(++rnd_counter);
}

static void setup_with(const struct pptp_config *c)
{
	pptp_free(ctx);
	pptp_actions_free(&acts);
	pptp_actions_init(&acts);
	rnd_value = 0;
	rnd_counter = 0;
	now = 1000;
	ctx = pptp_new(c);
	CHECK(ctx != NULL);
}

static void defaults(void)
{
	pptp_config_defaults(&cfg);
	cfg.random = test_random;
	cfg.host_name = "gw.example";
}

static void setup(void)
{
	defaults();
	setup_with(&cfg);
}

static uint32_t open_conn(uint16_t port)
{
	struct sockaddr_in peer = {
		.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(0xc6336407),	/* 198.51.100.7 */
	};
	struct sockaddr_in local = {
		.sin_family = AF_INET, .sin_port = htons(PPTP_TCP_PORT),
		.sin_addr.s_addr = htonl(0xcb00710a),	/* 203.0.113.10 */
	};

	return pptp_conn_open(ctx, now, (struct sockaddr *)&peer,
			      sizeof(peer), (struct sockaddr *)&local,
			      sizeof(local), &acts);
}

static int feed(uint32_t conn, const struct pptp_msg *m)
{
	uint8_t buf[PPTP_MSG_MAX];
	size_t n = pptp_msg_build(m, buf, sizeof(buf));

	CHECK(n > 0);
	return pptp_conn_input(ctx, now, conn, buf, n, &acts);
}

static size_t count(enum pptp_action_type type)
{
	size_t i, n = 0;

	for (i = 0; i < acts.n; i++)
		n += acts.v[i].type == type;
	return n;
}

static const struct pptp_action *nth(enum pptp_action_type type, size_t k)
{
	size_t i;

	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == type && !k--)
			return &acts.v[i];
	return NULL;
}

/* The k-th message sent, parsed; its type, or 0 if there is none. */
static struct pptp_msg sent;

static unsigned int sent_msg(size_t k)
{
	const struct pptp_action *a = nth(PPTP_ACT_SEND, k);

	memset(&sent, 0, sizeof(sent));
	if (!a || pptp_msg_parse(a->data, a->len, &sent, NULL))
		return 0;
	CHECK_INT(a->len, pptp_msg_size(sent.type));
	return sent.type;
}

static bool logged(const char *frag)
{
	size_t i;

	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == PPTP_ACT_LOG &&
		    strstr((const char *)acts.v[i].data, frag))
			return true;
	return false;
}

static const struct pptp_msg sccrq = {
	.type = PPTP_SCCRQ, .proto_ver = PPTP_VERSION,
	.framing_cap = PPTP_FRAMING_SYNC, .bearer_cap = PPTP_BEARER_ANALOG,
	.host_name = "laptop", .vendor = "Microsoft",
};

static uint32_t establish(uint16_t port)
{
	uint32_t c = open_conn(port);

	CHECK(c != 0);
	CHECK_INT(feed(c, &sccrq), 0);
	CHECK_INT(sent_msg(0), PPTP_SCCRP);
	CHECK_INT(sent.result, PPTP_SCCRP_OK);
	return c;
}

/* An OCRQ from the client's call peer_id; our call ID, or 0 if refused. */
static uint16_t place_call(uint32_t c, uint16_t peer_id)
{
	struct pptp_msg m = {
		.type = PPTP_OCRQ, .call_id = peer_id, .call_serial = 1,
		.min_bps = 300, .max_bps = 100000000,
		.bearer_type = 3, .framing_type = 3, .rx_window = 64,
		.proc_delay = 0,
	};

	CHECK_INT(feed(c, &m), 0);
	CHECK_INT(sent_msg(0), PPTP_OCRP);
	CHECK_INT(sent.peer_call_id, peer_id);
	return sent.result == PPTP_OCRP_CONNECTED ? sent.call_id : 0;
}

static void full_client_exchange(void)
{
	struct pptp_msg ccrq = { .type = PPTP_CCRQ, .call_id = 0x1111 };
	struct pptp_msg stop = { .type = PPTP_STOPCCRQ,
				 .reason = PPTP_STOP_NONE };
	struct pptp_msg sli = { .type = PPTP_SLI, .send_accm = ~0u };
	const struct pptp_action *a;
	const struct sockaddr_in *sin;
	struct pptp_stats st;
	uint32_t c;
	uint16_t id;

	setup();
	c = open_conn(50001);
	CHECK(c != 0);
	CHECK_INT(acts.next_timer_ms, 1000 + 5000);	/* idle before SCCRQ */
	CHECK_INT(feed(c, &sccrq), 0);
	CHECK_INT(sent_msg(0), PPTP_SCCRP);
	CHECK_INT(sent.result, PPTP_SCCRP_OK);
	CHECK_INT(sent.error, PPTP_ERR_NONE);
	CHECK_INT(sent.proto_ver, 0x0100);
	CHECK_STR(sent.vendor, "roam");
	CHECK_STR(sent.host_name, "gw.example");
	CHECK(sent.framing_cap & PPTP_FRAMING_SYNC);
	CHECK(logged("host \"laptop\" vendor \"Microsoft\""));

	id = place_call(c, 0x1111);
	CHECK(id != 0);
	CHECK_INT(sent.result, PPTP_OCRP_CONNECTED);
	CHECK_INT(sent.rx_window, 16);
	CHECK_INT(sent.proc_delay, 1);
	CHECK_INT(sent.connect_speed, 100000000);
	CHECK_INT(count(PPTP_ACT_CALL_UP), 1);
	a = nth(PPTP_ACT_CALL_UP, 0);
	CHECK_INT(a->conn, c);
	CHECK_INT(a->call_id, id);
	CHECK_INT(a->peer_call_id, 0x1111);
	CHECK_INT(a->peer_rx_window, 64);
	sin = (const void *)&a->peer;
	CHECK_INT(ntohl(sin->sin_addr.s_addr), 0xc6336407);
	sin = (const void *)&a->local;
	CHECK_INT(ntohl(sin->sin_addr.s_addr), 0xcb00710a);
	/* With a call up, only the echo timer runs. */
	CHECK_INT(acts.next_timer_ms, now + 60000);

	/* Set-Link-Info is taken and ignored. */
	sli.peer_call_id = id;
	CHECK_INT(feed(c, &sli), 0);
	CHECK_INT(count(PPTP_ACT_SEND), 0);

	CHECK_INT(feed(c, &ccrq), 0);
	CHECK_INT(sent_msg(0), PPTP_CDN);
	CHECK_INT(sent.call_id, id);
	CHECK_INT(sent.result, PPTP_CDN_REQUEST);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_PEER_CLEAR);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->call_id, id);
	CHECK_INT(acts.next_timer_ms, now + 5000);	/* idle again */

	CHECK_INT(feed(c, &stop), 0);
	CHECK_INT(sent_msg(0), PPTP_STOPCCRP);
	CHECK_INT(sent.result, PPTP_RESULT_OK);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(nth(PPTP_ACT_CLOSE, 0)->why, PPTP_WHY_PEER_STOP);
	CHECK_INT(acts.next_timer_ms, 0);

	pptp_get_stats(ctx, &st);
	CHECK_INT(st.conns, 0);
	CHECK_INT(st.tunnels, 0);
	CHECK_INT(st.calls, 0);
	CHECK_INT(st.rx_msgs, 5);
	CHECK_INT(st.tx_msgs, 4);
	CHECK_INT(st.set_link_info, 1);
	/* The connection is forgotten. */
	CHECK_INT(feed(c, &sccrq), -1);
	CHECK_INT(pptp_conn_closed(ctx, now, c, &acts), -1);
}

/* The client's whole opening, cut into two pieces at every octet. */
static void engine_stream_split(void)
{
	struct pptp_msg ocrq = { .type = PPTP_OCRQ, .call_id = 9,
				 .rx_window = 8 };
	uint8_t wire[400];
	size_t total, cut;

	total = pptp_msg_build(&sccrq, wire, sizeof(wire));
	total += pptp_msg_build(&ocrq, wire + total, sizeof(wire) - total);
	for (cut = 0; cut <= total; cut++) {
		uint32_t c;
		size_t sends = 0, ups = 0;

		setup();
		c = open_conn(50001);
		CHECK_INT(pptp_conn_input(ctx, now, c, wire, cut, &acts), 0);
		sends += count(PPTP_ACT_SEND);
		ups += count(PPTP_ACT_CALL_UP);
		CHECK_INT(pptp_conn_input(ctx, now, c, wire + cut, total - cut,
					  &acts), 0);
		sends += count(PPTP_ACT_SEND);
		ups += count(PPTP_ACT_CALL_UP);
		CHECK_INT(sends, 2);
		CHECK_INT(ups, 1);
	}
}

/* Call IDs are unique across connections, even when random repeats. */
static void distinct_call_ids(void)
{
	uint32_t c1, c2;
	uint16_t id1, id2, id3;

	setup();
	rnd_value = 0x4242;
	c1 = establish(50001);
	c2 = establish(50002);
	CHECK(c1 != c2);
	id1 = place_call(c1, 1);
	CHECK_INT(nth(PPTP_ACT_CALL_UP, 0)->conn, c1);
	/* Both clients chose call ID 1: that is theirs to choose. */
	id2 = place_call(c2, 1);
	CHECK_INT(nth(PPTP_ACT_CALL_UP, 0)->conn, c2);
	id3 = place_call(c2, 2);
	CHECK_INT(id1, 0x4242);
	CHECK(id2 != 0 && id2 != id1);
	CHECK(id3 != 0 && id3 != id1 && id3 != id2);
	/* Clearing the peer's call 1 on c2 leaves c1's call 1 alone. */
	{
		struct pptp_msg ccrq = { .type = PPTP_CCRQ, .call_id = 1 };

		CHECK_INT(feed(c2, &ccrq), 0);
		CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->call_id, id2);
		CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	}
}

static void limits_refuse_with_codes(void)
{
	struct pptp_msg icrq = { .type = PPTP_ICRQ, .call_id = 77 };
	struct pptp_msg old = sccrq;
	struct pptp_stats st;
	uint32_t c1, c2, c3;

	defaults();
	cfg.max_tunnels = 1;
	cfg.max_sessions_per_tunnel = 1;
	setup_with(&cfg);
	c1 = establish(50001);
	c2 = open_conn(50002);
	CHECK_INT(feed(c2, &sccrq), 0);
	CHECK_INT(sent_msg(0), PPTP_SCCRP);
	CHECK_INT(sent.result, PPTP_SCCRP_GENERAL);
	CHECK_INT(sent.error, PPTP_ERR_NO_RESOURCE);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(nth(PPTP_ACT_CLOSE, 0)->conn, c2);
	CHECK(logged("the limit is 1"));

	CHECK(place_call(c1, 10) != 0);
	CHECK_INT(place_call(c1, 11), 0);
	CHECK_INT(sent.result, PPTP_OCRP_GENERAL);
	CHECK_INT(sent.error, PPTP_ERR_NO_RESOURCE);
	CHECK_INT(sent.call_id, 0);
	CHECK_INT(count(PPTP_ACT_CALL_UP), 0);
	CHECK(logged("one session"));

	/* Incoming calls are never accepted. */
	CHECK_INT(feed(c1, &icrq), 0);
	CHECK_INT(sent_msg(0), PPTP_ICRP);
	CHECK_INT(sent.result, PPTP_ICRP_DO_NOT_ACCEPT);
	CHECK_INT(sent.peer_call_id, 77);

	/* Another protocol version. */
	defaults();
	setup_with(&cfg);
	c3 = open_conn(50003);
	old.proto_ver = 0x0200;
	CHECK_INT(feed(c3, &old), 0);
	CHECK_INT(sent_msg(0), PPTP_SCCRP);
	CHECK_INT(sent.result, PPTP_SCCRP_VERSION);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK(logged("protocol version 2.0"));

	/* The same peer call ID twice on one connection. */
	c1 = establish(50004);
	CHECK(place_call(c1, 5) != 0);
	CHECK_INT(place_call(c1, 5), 0);
	CHECK_INT(sent.error, PPTP_ERR_BAD_VALUE);
	pptp_get_stats(ctx, &st);
	CHECK_INT(st.calls_refused, 1);
	CHECK_INT(st.tunnels_refused, 1);
	CHECK_INT(st.calls, 1);
}

static void echo_timeout(void)
{
	struct pptp_msg reply = { .type = PPTP_ECHORP,
				  .result = PPTP_RESULT_OK };
	struct pptp_msg req = { .type = PPTP_ECHORQ, .echo_id = 0x55667788 };
	struct pptp_stats st;
	uint32_t c;
	uint16_t id;

	setup();
	c = establish(50001);
	id = place_call(c, 3);
	CHECK(id != 0);
	CHECK_INT(acts.next_timer_ms, now + 60000);

	/* The client's own echo is answered with its identifier. */
	CHECK_INT(feed(c, &req), 0);
	CHECK_INT(sent_msg(0), PPTP_ECHORP);
	CHECK_INT(sent.echo_id, 0x55667788);
	CHECK_INT(sent.result, PPTP_RESULT_OK);

	/* Quiet for 60 s: we ask, it answers, all is well. */
	now += 60000;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(sent_msg(0), PPTP_ECHORQ);
	CHECK_INT(acts.next_timer_ms, now + 60000);
	now += 1000;
	reply.echo_id = sent.echo_id;
	CHECK_INT(feed(c, &reply), 0);
	CHECK_INT(acts.next_timer_ms, now + 60000);

	/* Quiet again, and no answer this time. */
	now += 60000;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(sent_msg(0), PPTP_ECHORQ);
	now += 59999;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(acts.n, 0);
	now += 1;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(count(PPTP_ACT_SEND), 0);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_ECHO_TIMEOUT);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(nth(PPTP_ACT_CLOSE, 0)->why, PPTP_WHY_ECHO_TIMEOUT);
	CHECK(logged("no Echo-Reply"));
	CHECK_INT(acts.next_timer_ms, 0);
	pptp_get_stats(ctx, &st);
	CHECK_INT(st.echo_timeouts, 1);
	CHECK_INT(st.conns, 0);
}

static void idle_and_stop_timers(void)
{
	struct pptp_msg reply = { .type = PPTP_STOPCCRP,
				  .result = PPTP_RESULT_OK };
	uint32_t c;

	/* No SCCRQ within the idle time: closed without a word. */
	setup();
	c = open_conn(50001);
	now += 4999;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(acts.n, 0);
	now += 1;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(count(PPTP_ACT_SEND), 0);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(nth(PPTP_ACT_CLOSE, 0)->why, PPTP_WHY_IDLE);

	/* Established but no call: StopCCRQ, then the reply closes it. */
	c = establish(50002);
	now += 5000;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(sent_msg(0), PPTP_STOPCCRQ);
	CHECK_INT(sent.reason, PPTP_STOP_NONE);
	CHECK_INT(count(PPTP_ACT_CLOSE), 0);
	CHECK_INT(acts.next_timer_ms, now + 10000);
	CHECK_INT(feed(c, &reply), 0);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(nth(PPTP_ACT_CLOSE, 0)->why, PPTP_WHY_IDLE);

	/* A stop nobody answers ends after stop_timeout_ms. */
	c = establish(50003);
	CHECK(place_call(c, 1) != 0);
	CHECK_INT(pptp_conn_stop(ctx, now, c, PPTP_STOP_LOCAL_SHUTDOWN,
				 &acts), 0);
	CHECK_INT(sent_msg(0), PPTP_CDN);
	CHECK_INT(sent.result, PPTP_CDN_ADMIN);
	CHECK_INT(sent_msg(1), PPTP_STOPCCRQ);
	CHECK_INT(sent.reason, PPTP_STOP_LOCAL_SHUTDOWN);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_STOP);
	now += 10000;
	pptp_timer(ctx, now, &acts);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK_INT(pptp_conn_stop(ctx, now, c, 1, &acts), -1);
}

static void host_closes_call(void)
{
	struct pptp_msg wen = { .type = PPTP_WEN, .wan.crc = 3 };
	struct pptp_stats st;
	uint32_t c;
	uint16_t id;

	setup();
	c = establish(50001);
	id = place_call(c, 0x2222);
	wen.peer_call_id = id;
	CHECK_INT(feed(c, &wen), 0);
	CHECK(logged("WAN-Error-Notify crc 3"));
	CHECK_INT(pptp_call_close(ctx, now, id, PPTP_CDN_GENERAL, 0x0700,
				  &acts), 0);
	CHECK_INT(sent_msg(0), PPTP_CDN);
	CHECK_INT(sent.call_id, id);
	CHECK_INT(sent.result, PPTP_CDN_GENERAL);
	CHECK_INT(sent.cause, 0x0700);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_HOST);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->peer_call_id, 0x2222);
	CHECK_INT(pptp_call_close(ctx, now, id, 0, 0, &acts), -1);
	pptp_get_stats(ctx, &st);
	CHECK_INT(st.wan_errors, 1);
	CHECK_INT(st.calls, 0);
	CHECK_INT(st.tunnels, 1);

	/* Shutdown stops every connection with reason local shutdown. */
	CHECK(place_call(c, 0x2223) != 0);
	pptp_shutdown(ctx, now, &acts);
	CHECK_INT(sent_msg(0), PPTP_CDN);
	CHECK_INT(sent_msg(1), PPTP_STOPCCRQ);
	CHECK_INT(sent.reason, PPTP_STOP_LOCAL_SHUTDOWN);
}

static void peer_goes_away(void)
{
	struct pptp_msg ocrq = { .type = PPTP_OCRQ, .call_id = 1 };
	uint8_t junk[16];
	uint32_t c;

	setup();
	c = establish(50001);
	CHECK(place_call(c, 1) != 0);
	CHECK_INT(pptp_conn_closed(ctx, now, c, &acts), 0);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_PEER_GONE);
	CHECK_INT(count(PPTP_ACT_CLOSE), 0);
	CHECK_INT(count(PPTP_ACT_SEND), 0);

	/* A call request before the start is a protocol error. */
	c = open_conn(50002);
	CHECK_INT(feed(c, &ocrq), 0);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK(logged("before Start-Control-Connection-Request"));

	/* Bad framing on an established connection takes its calls. */
	c = establish(50003);
	CHECK(place_call(c, 1) != 0);
	memset(junk, 0, sizeof(junk));
	junk[1] = 16;
	junk[3] = 1;
	CHECK_INT(pptp_conn_input(ctx, now, c, junk, sizeof(junk), &acts), 0);
	CHECK_INT(count(PPTP_ACT_CALL_DOWN), 1);
	CHECK_INT(nth(PPTP_ACT_CALL_DOWN, 0)->why, PPTP_WHY_PROTOCOL);
	CHECK_INT(count(PPTP_ACT_CLOSE), 1);
	CHECK(logged("Magic Cookie 0x00000000"));
}

static void teardown(void)
{
	pptp_free(ctx);
	ctx = NULL;
	pptp_actions_free(&acts);
}

void suite_pptp_ctrl(void)
{
	RUN(full_client_exchange);
	RUN(engine_stream_split);
	RUN(distinct_call_ids);
	RUN(limits_refuse_with_codes);
	RUN(echo_timeout);
	RUN(idle_and_stop_timers);
	RUN(host_closes_call);
	RUN(peer_goes_away);
	teardown();
}
