// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 1661 automaton, driven through a toy protocol by a scripted
 * peer: negotiation in both orders, Nak and Reject, restart timer expiry,
 * max-configure and max-failure, terminate from either side, Code-Reject,
 * passive open, and failure requested by the protocol.
 *
 * The toy protocol has one option we ask for (type 1, one octet, default
 * 5) and accepts type 1 from the peer up to 10 (Nak'ing larger values
 * with 10); anything else is rejected.
 */
#include <stdlib.h>

#include "test.h"

#include "ppp/fsm.h"

void suite_ppp_fsm(void);

#define TOY_PROTO	0x80ff	/* a number nobody uses in these tests */

struct toy {
	int want;		/* -1: leave our option out */
	int peer;
	int ups, downs, starts, finishes;
	bool fail_on_check;
};

static struct toy toy;
static struct ppp_fsm fsm;
static struct ppp_out out;
static uint64_t now;

static void toy_reset(struct ppp_fsm *f)
{
	(void)f;
	toy.want = 5;
}

static void toy_add(struct ppp_fsm *f, struct ppp_buf *b)
{
	(void)f;
	if (toy.want < 0)
		return;
	ppp_put8(b, 1);
	ppp_put8(b, 3);
	ppp_put8(b, (uint8_t)toy.want);
}

static void toy_check(struct ppp_fsm *f, const uint8_t *opts, size_t len,
		      struct ppp_cfg_reply *r)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;
	uint8_t ten = 10;

	if (toy.fail_on_check) {
		ppp_fsm_fail(f, 77);
		return;
	}
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.type != 1 || o.len != 3) {
			ppp_cfg_reject(r, &o);
			continue;
		}
		toy.peer = o.val[0];
		if (o.val[0] > 10)
			ppp_cfg_nak(r, &o, 1, &ten, 1);
	}
}

static void toy_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	(void)f;
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o))
		if (o.type == 1 && o.len == 3)
			toy.want = o.val[0];
}

static void toy_rej(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	(void)f;
	(void)opts;
	(void)len;
	toy.want = -1;
}

static void toy_up(struct ppp_fsm *f, uint64_t t, struct ppp_out *o)
{
	(void)f, (void)t, (void)o;
	toy.ups++;
}

static void toy_down(struct ppp_fsm *f, uint64_t t, struct ppp_out *o)
{
	(void)f, (void)t, (void)o;
	toy.downs++;
}

static void toy_started(struct ppp_fsm *f, uint64_t t, struct ppp_out *o)
{
	(void)f, (void)t, (void)o;
	toy.starts++;
}

static void toy_finished(struct ppp_fsm *f, uint64_t t, struct ppp_out *o)
{
	(void)f, (void)t, (void)o;
	toy.finishes++;
}

static const struct ppp_fsm_ops toy_ops = {
	.name		= "TOY",
	.proto		= TOY_PROTO,
	.reset		= toy_reset,
	.add_request	= toy_add,
	.check_request	= toy_check,
	.got_nak	= toy_nak,
	.got_reject	= toy_rej,
	.up		= toy_up,
	.down		= toy_down,
	.started	= toy_started,
	.finished	= toy_finished,
};

static void setup(bool passive)
{
	struct ppp_fsm_conf conf = { .passive = passive };

	memset(&toy, 0, sizeof(toy));
	toy.want = 5;
	now = 1000;
	ppp_fsm_release(&fsm);
	ppp_fsm_init(&fsm, &toy_ops, &toy, &conf);
	ppp_out_reset(&out);
}

/* Feed the automaton one packet from the peer. */
static void peer(uint8_t code, uint8_t id, const uint8_t *data, size_t len)
{
	uint8_t pkt[64];

	pkt[0] = code;
	pkt[1] = id;
	pkt[2] = 0;
	pkt[3] = (uint8_t)(len + 4);
	if (len)
		memcpy(pkt + 4, data, len);
	ppp_out_reset(&out);
	ppp_fsm_input(&fsm, pkt, len + 4, now, &out);
}

/* Frame i of the last call as a control packet of TOY_PROTO. */
static bool sent(unsigned int i, struct ppp_cp *p)
{
	struct ppp_frame fr;
	const uint8_t *f;
	size_t len;

	f = ppp_out_frame(&out, i, &len);
	if (!f || ppp_frame_parse(f, len, &fr) || fr.proto != TOY_PROTO)
		return false;
	return !ppp_cp_parse(fr.payload, fr.len, p);
}

static void tick(uint64_t to)
{
	now = to;
	ppp_out_reset(&out);
	ppp_fsm_timeout(&fsm, now, &out);
}

/* Open, Up, and return the identifier of our first Configure-Request. */
static uint8_t start(void)
{
	struct ppp_cp p;

	ppp_fsm_open(&fsm, now, &out);
	CHECK_INT(fsm.state, PPP_STARTING);
	CHECK_INT(toy.starts, 1);
	ppp_out_reset(&out);
	ppp_fsm_up(&fsm, now, &out);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK_INT(out.nframes, 1);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK_INT(p.dlen, 3);
	CHECK_INT(p.data[2], 5);
	CHECK_INT(ppp_fsm_deadline(&fsm), now + PPP_RESTART_MS);
	return p.id;
}

static const uint8_t opt7[] = { 1, 3, 7 };
static const uint8_t opt5[] = { 1, 3, 5 };

static void open_link(void)
{
	uint8_t id = start();
	struct ppp_cp p;

	peer(PPP_CONFREQ, 40, opt7, 3);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFACK);
	CHECK_INT(p.id, 40);
	CHECK(p.dlen == 3 && !memcmp(p.data, opt7, 3));

	peer(PPP_CONFACK, id, opt5, 3);
	CHECK_INT(fsm.state, PPP_OPENED);
	CHECK_INT(toy.ups, 1);
	CHECK_INT(toy.peer, 7);
	CHECK_INT(out.nframes, 0);
	CHECK(ppp_fsm_deadline(&fsm) == PPP_NO_DEADLINE);
}

static void fsm_negotiate_peer_first(void)
{
	setup(false);
	open_link();
}

static void fsm_negotiate_ack_first(void)
{
	uint8_t id;

	setup(false);
	id = start();
	peer(PPP_CONFACK, id, opt5, 3);
	CHECK_INT(fsm.state, PPP_ACKRCVD);
	peer(PPP_CONFREQ, 9, opt7, 3);
	CHECK_INT(fsm.state, PPP_OPENED);
	CHECK_INT(toy.ups, 1);
}

static void fsm_stale_and_wrong_acks(void)
{
	uint8_t id;
	static const uint8_t opt6[] = { 1, 3, 6 };

	setup(false);
	id = start();
	/* An Ack with another identifier is a reply to something else. */
	peer(PPP_CONFACK, id + 1, opt5, 3);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK_INT(fsm.rx_stale, 1);
	/* An Ack that does not repeat our options exactly is invalid. */
	peer(PPP_CONFACK, id, opt6, 3);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK_INT(fsm.rx_bad, 1);
	/* Malformed options in a request are discarded, not answered. */
	peer(PPP_CONFREQ, 3, (const uint8_t[]){ 1, 9, 0 }, 3);
	CHECK_INT(out.nframes, 0);
	CHECK_INT(fsm.rx_bad, 2);
	/* A packet whose length field lies is discarded. */
	ppp_out_reset(&out);
	ppp_fsm_input(&fsm, (const uint8_t[]){ 1, 1, 0, 40 }, 4, now, &out);
	CHECK_INT(fsm.rx_bad, 3);
	CHECK_INT(out.nframes, 0);
}

static void fsm_nak_handling(void)
{
	static const uint8_t opt20[] = { 1, 3, 20 };
	static const uint8_t opt7n[] = { 1, 3, 7 };
	struct ppp_cp p;
	uint8_t id;

	setup(false);
	id = start();
	/* Their value is too big: we Nak with ours. */
	peer(PPP_CONFREQ, 1, opt20, 3);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFNAK);
	CHECK_INT(p.id, 1);
	CHECK(p.dlen == 3 && p.data[2] == 10);

	/* They Nak ours with 7: the next request asks for 7, new id. */
	peer(PPP_CONFNAK, id, opt7n, 3);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK(p.id != id);
	CHECK_INT(p.data[2], 7);
	/* The old request's Ack is now stale. */
	peer(PPP_CONFACK, id, opt5, 3);
	CHECK_INT(fsm.state, PPP_REQSENT);
	peer(PPP_CONFACK, p.id, opt7n, 3);
	CHECK_INT(fsm.state, PPP_ACKRCVD);
}

static void fsm_reject_handling(void)
{
	static const uint8_t mixed[] = { 1, 3, 4, 9, 4, 1, 2 };
	struct ppp_cp p;
	uint8_t id;

	setup(false);
	id = start();
	/* Option 9 is unknown: Reject exactly it, verbatim. */
	peer(PPP_CONFREQ, 2, mixed, sizeof(mixed));
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREJ);
	CHECK(p.dlen == 4 && !memcmp(p.data, mixed + 3, 4));

	/* They reject our option: the next request goes without it. */
	peer(PPP_CONFREJ, id, opt5, 3);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK_INT(p.dlen, 0);
	peer(PPP_CONFACK, p.id, NULL, 0);
	CHECK_INT(fsm.state, PPP_ACKRCVD);
}

static void fsm_restart_timer_and_max_configure(void)
{
	struct ppp_cp p;
	unsigned int requests = 1;
	uint8_t last;

	setup(false);
	last = start();
	/* Not yet. */
	tick(now + PPP_RESTART_MS - 1);
	CHECK_INT(out.nframes, 0);
	/* Each expiry sends the request again (TO+), with a new id. */
	while (fsm.state == PPP_REQSENT && requests < 50) {
		tick(ppp_fsm_deadline(&fsm));
		if (!out.nframes)
			break;
		CHECK(sent(0, &p));
		CHECK_INT(p.code, PPP_CONFREQ);
		CHECK(p.id != last);
		last = p.id;
		requests++;
	}
	/* Max-Configure (10) requests, then TO-: This-Layer-Finished. */
	CHECK_INT(requests, PPP_MAX_CONFIGURE);
	CHECK_INT(fsm.state, PPP_STOPPED);
	CHECK_INT(fsm.why, PPP_WHY_TIMEOUT);
	CHECK_INT(toy.finishes, 1);
	CHECK(ppp_fsm_deadline(&fsm) == PPP_NO_DEADLINE);
}

static void fsm_timer_in_acksent(void)
{
	struct ppp_cp p;

	setup(false);
	start();
	peer(PPP_CONFREQ, 1, opt7, 3);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	tick(ppp_fsm_deadline(&fsm));
	CHECK_INT(fsm.state, PPP_ACKSENT);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	peer(PPP_CONFACK, p.id, opt5, 3);
	CHECK_INT(fsm.state, PPP_OPENED);
}

static void fsm_close_with_ack(void)
{
	struct ppp_cp p;

	setup(false);
	open_link();
	ppp_out_reset(&out);
	ppp_fsm_close(&fsm, PPP_WHY_CLOSE, now, &out);
	CHECK_INT(fsm.state, PPP_CLOSING);
	CHECK_INT(toy.downs, 1);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_TERMREQ);
	peer(PPP_TERMACK, p.id, NULL, 0);
	CHECK_INT(fsm.state, PPP_CLOSED);
	CHECK_INT(toy.finishes, 1);
	CHECK_INT(fsm.why, PPP_WHY_CLOSE);
	/* Closed answers requests with Terminate-Ack. */
	peer(PPP_CONFREQ, 5, opt7, 3);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_TERMACK);
	CHECK_INT(p.id, 5);
}

static void fsm_close_without_ack(void)
{
	struct ppp_cp p;
	unsigned int trs = 1;

	setup(false);
	open_link();
	ppp_fsm_close(&fsm, PPP_WHY_CLOSE, now, &out);
	/* Max-Terminate (2) requests, then give up. */
	while (fsm.state == PPP_CLOSING) {
		tick(ppp_fsm_deadline(&fsm));
		if (sent(0, &p) && p.code == PPP_TERMREQ)
			trs++;
	}
	CHECK_INT(trs, PPP_MAX_TERMINATE);
	CHECK_INT(fsm.state, PPP_CLOSED);
	CHECK_INT(toy.finishes, 1);
}

static void fsm_peer_terminates(void)
{
	struct ppp_cp p;

	setup(false);
	open_link();
	peer(PPP_TERMREQ, 33, NULL, 0);
	CHECK_INT(fsm.state, PPP_STOPPING);
	CHECK_INT(toy.downs, 1);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_TERMACK);
	CHECK_INT(p.id, 33);
	/* Zero-Restart-Count: one restart period, then finished. */
	CHECK_INT(ppp_fsm_deadline(&fsm), now + PPP_RESTART_MS);
	tick(ppp_fsm_deadline(&fsm));
	CHECK_INT(fsm.state, PPP_STOPPED);
	CHECK_INT(toy.finishes, 1);
	CHECK_INT(fsm.why, PPP_WHY_PEER_TERM);
	CHECK_INT(out.nframes, 0);
}

static void fsm_max_failure(void)
{
	static const uint8_t opt20[] = { 1, 3, 20 };
	struct ppp_cp p;
	int i;

	setup(false);
	start();
	/* Five Naks, then the sixth answer Rejects the option instead. */
	for (i = 0; i < PPP_MAX_FAILURE; i++) {
		peer(PPP_CONFREQ, (uint8_t)i, opt20, 3);
		CHECK(sent(0, &p));
		CHECK_INT(p.code, PPP_CONFNAK);
	}
	peer(PPP_CONFREQ, 99, opt20, 3);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREJ);
	CHECK(p.dlen == 3 && !memcmp(p.data, opt20, 3));
	/* An acceptable request is Acked and resets the count. */
	peer(PPP_CONFREQ, 100, opt7, 3);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFACK);
	CHECK_INT(fsm.naks_sent, 0);
}

static void fsm_endless_naks_bounded(void)
{
	struct ppp_cp p;
	uint8_t id;
	int i;

	setup(false);
	id = start();
	for (i = 0; i < 30 && fsm.state == PPP_REQSENT; i++) {
		peer(PPP_CONFNAK, id, opt7, 3);
		if (sent(0, &p))
			id = p.id;
	}
	CHECK_INT(fsm.state, PPP_CLOSING);
	CHECK_INT(fsm.why, PPP_WHY_NO_CONVERGE);
	CHECK_INT(i, PPP_MAX_CONFIGURE + 1);
}

static void fsm_code_reject(void)
{
	static const uint8_t odd[] = { 42, 7, 0, 6, 0xab, 0xcd };
	struct ppp_cp p;

	setup(false);
	open_link();
	/* Unknown code: Code-Reject carrying the packet (RUC). */
	ppp_out_reset(&out);
	ppp_fsm_input(&fsm, odd, sizeof(odd), now, &out);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CODEREJ);
	CHECK(p.dlen == sizeof(odd) && !memcmp(p.data, odd, sizeof(odd)));
	CHECK_INT(fsm.state, PPP_OPENED);

	/* The peer rejects an optional code: RXJ+, nothing changes. */
	peer(PPP_CODEREJ, 1, (const uint8_t[]){ 9, 1, 0, 8 }, 4);
	CHECK_INT(fsm.state, PPP_OPENED);
	/* The peer rejects Configure-Request itself: RXJ-. */
	peer(PPP_CODEREJ, 2, (const uint8_t[]){ 1, 1, 0, 4 }, 4);
	CHECK_INT(fsm.state, PPP_STOPPING);
	CHECK_INT(fsm.why, PPP_WHY_REJECTED);
	CHECK_INT(toy.downs, 1);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_TERMREQ);
}

static void fsm_protocol_rejected_while_negotiating(void)
{
	setup(false);
	start();
	ppp_out_reset(&out);
	ppp_fsm_proto_rejected(&fsm, now, &out);
	CHECK_INT(fsm.state, PPP_STOPPED);
	CHECK_INT(toy.finishes, 1);
	CHECK_INT(fsm.why, PPP_WHY_REJECTED);
}

static void fsm_passive(void)
{
	struct ppp_cp p;

	setup(true);
	ppp_fsm_open(&fsm, now, &out);
	ppp_fsm_up(&fsm, now, &out);
	CHECK_INT(fsm.state, PPP_STOPPED);
	CHECK_INT(out.nframes, 0);
	/* The peer's request wakes it: our request, then our Ack. */
	peer(PPP_CONFREQ, 4, opt7, 3);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	CHECK_INT(out.nframes, 2);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK(sent(1, &p));
	CHECK_INT(p.code, PPP_CONFACK);
}

static void fsm_renegotiation(void)
{
	struct ppp_cp p;

	setup(false);
	open_link();
	/* Opened keeps no request: the Ack'd one has served. */
	CHECK(!fsm.req && !fsm.req_len);
	/* A new request in Opened: down, our request, our Ack. */
	peer(PPP_CONFREQ, 50, opt7, 3);
	CHECK_INT(toy.downs, 1);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	CHECK_INT(out.nframes, 2);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	/* built anew from the wishes, and kept until its Ack */
	CHECK(fsm.req && fsm.req_len == 3 && !memcmp(fsm.req, opt5, 3));
	/* an Ack that does not repeat it is not one */
	peer(PPP_CONFACK, p.id, opt7, 3);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	peer(PPP_CONFACK, p.id, opt5, 3);
	CHECK_INT(fsm.state, PPP_OPENED);
	CHECK_INT(toy.ups, 2);
	CHECK(!fsm.req);
}

static void fsm_lower_down(void)
{
	setup(false);
	open_link();
	ppp_out_reset(&out);
	ppp_fsm_down(&fsm, now, &out);
	CHECK_INT(fsm.state, PPP_STARTING);
	CHECK_INT(toy.downs, 1);
	CHECK_INT(out.nframes, 0);
	CHECK(ppp_fsm_deadline(&fsm) == PPP_NO_DEADLINE);
	/* Packets before the next Up are ignored. */
	peer(PPP_CONFREQ, 1, opt7, 3);
	CHECK_INT(out.nframes, 0);
}

static void fsm_protocol_gives_up(void)
{
	struct ppp_cp p;

	setup(false);
	start();
	toy.fail_on_check = true;
	peer(PPP_CONFREQ, 1, opt7, 3);
	/* No reply to the request; a Terminate-Request instead. */
	CHECK_INT(out.nframes, 1);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_TERMREQ);
	CHECK_INT(fsm.state, PPP_CLOSING);
	CHECK_INT(fsm.why, PPP_WHY_FAILED);
	CHECK_INT(fsm.fail_reason, 77);
}

/*
 * RFC 1661 4.1, the whole state transition table.  Each cell is
 * "next|callbacks|codes sent": callbacks U D S F for This-Layer-Up/Down/
 * Started/Finished, codes as digits (1 Configure-Request, 2 Ack, 3 Nak,
 * 5 Terminate-Request, 6 Terminate-Ack, 7 Code-Reject); "-" means no
 * change and nothing done (illegal events and "stay" cells alike).
 * irc/zrc are invisible here; the r and x options are not taken.
 */
enum { EV_UP, EV_DOWN, EV_OPEN, EV_CLOSE, EV_TOP, EV_TOM, EV_RCRP, EV_RCRM,
       EV_RCA, EV_RCN, EV_RTR, EV_RTA, EV_RUC, EV_RXJP, EV_RXJM, EV_N };

static const char *const rfc1661[EV_N][10] = {
	/*	   Initial   Starting  Closed    Stopped   Closing   Stopping
	 *	   Req-Sent  Ack-Rcvd  Ack-Sent  Opened */
	[EV_UP]   = { "2||",  "6||1",  "-",     "-",     "-",     "-",
		      "-",     "-",     "-",     "-" },
	[EV_DOWN] = { "-",     "-",     "0||",  "1|S|", "0||",  "1||",
		      "1||",  "1||",  "1||",  "1|D|" },
	[EV_OPEN] = { "1|S|", "-",     "6||1", "-",     "5||",  "-",
		      "-",     "-",     "-",     "-" },
	[EV_CLOSE] = { "-",    "0|F|", "-",     "2||",  "-",     "4||",
		      "4||5", "4||5", "4||5", "4|D|5" },
	[EV_TOP]  = { "-",     "-",     "-",     "-",     "4||5", "5||5",
		      "6||1", "6||1", "8||1", "-" },
	[EV_TOM]  = { "-",     "-",     "-",     "-",     "2|F|", "3|F|",
		      "3|F|", "3|F|", "3|F|", "-" },
	[EV_RCRP] = { "-",     "-",     "2||6", "8||12", "-",    "-",
		      "8||2", "9|U|2", "8||2", "8|D|12" },
	[EV_RCRM] = { "-",     "-",     "2||6", "6||13", "-",    "-",
		      "6||3", "7||3", "6||3", "6|D|13" },
	[EV_RCA]  = { "-",     "-",     "2||6", "3||6", "-",     "-",
		      "7||",  "6||1", "9|U|", "6|D|1" },
	[EV_RCN]  = { "-",     "-",     "2||6", "3||6", "-",     "-",
		      "6||1", "6||1", "8||1", "6|D|1" },
	[EV_RTR]  = { "-",     "-",     "2||6", "3||6", "4||6", "5||6",
		      "6||6", "6||6", "6||6", "5|D|6" },
	[EV_RTA]  = { "-",     "-",     "-",     "-",     "2|F|", "3|F|",
		      "-",     "6||",  "-",     "6|D|1" },
	[EV_RUC]  = { "-",     "-",     "2||7", "3||7", "4||7", "5||7",
		      "6||7", "7||7", "8||7", "9||7" },
	[EV_RXJP] = { "-",     "-",     "-",     "-",     "-",     "-",
		      "-",     "6||",  "-",     "-" },
	[EV_RXJM] = { "-",     "-",     "2|F|", "3|F|", "2|F|", "3|F|",
		      "3|F|", "3|F|", "3|F|", "5|D|5" },
};

/* Put the automaton in state st, as if it got there by itself. */
static void force_state(enum ppp_fsm_state st)
{
	setup(false);
	fsm.state = st;
	/* Our last request (opt5, id 50) awaits its reply. */
	fsm.req_id = 50;
	fsm.req_len = 3;
	fsm.req = malloc(3);
	CHECK(fsm.req);
	if (fsm.req)
		memcpy(fsm.req, opt5, 3);
	fsm.req_outstanding = true;
	/* just sent: the table is the automaton without early resends */
	fsm.req_sent_at = now;
	fsm.restart_count = 5;
	fsm.deadline = st >= PPP_CLOSING && st != PPP_OPENED ? now :
							      PPP_NO_DEADLINE;
}

static void apply(int ev)
{
	static const uint8_t opt20[] = { 1, 3, 20 };

	ppp_out_reset(&out);
	switch (ev) {
	case EV_UP:	ppp_fsm_up(&fsm, now, &out); break;
	case EV_DOWN:	ppp_fsm_down(&fsm, now, &out); break;
	case EV_OPEN:	ppp_fsm_open(&fsm, now, &out); break;
	case EV_CLOSE:	ppp_fsm_close(&fsm, PPP_WHY_CLOSE, now, &out); break;
	case EV_TOP:	ppp_fsm_timeout(&fsm, now, &out); break;
	case EV_TOM:
		fsm.restart_count = 0;
		ppp_fsm_timeout(&fsm, now, &out);
		break;
	case EV_RCRP:	peer(PPP_CONFREQ, 7, opt7, 3); break;
	case EV_RCRM:	peer(PPP_CONFREQ, 7, opt20, 3); break;
	case EV_RCA:	peer(PPP_CONFACK, 50, opt5, 3); break;
	case EV_RCN:	peer(PPP_CONFNAK, 50, opt7, 3); break;
	case EV_RTR:	peer(PPP_TERMREQ, 7, NULL, 0); break;
	case EV_RTA:	peer(PPP_TERMACK, 7, NULL, 0); break;
	case EV_RUC:	peer(42, 7, NULL, 0); break;
	case EV_RXJP:	peer(PPP_CODEREJ, 7, (const uint8_t[]){ 9, 1, 0, 4 },
			     4); break;
	case EV_RXJM:	peer(PPP_CODEREJ, 7, (const uint8_t[]){ 1, 1, 0, 4 },
			     4); break;
	}
}

/*
 * The peer's Configure-Request arrives while ours, sent a while ago, is
 * unanswered: ours is sent again at once (it was lost), only once a
 * negotiation, and not when the two requests merely crossed.
 */
static void early_resend(void)
{
	struct ppp_cp p;

	force_state(PPP_REQSENT);
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 1);	/* crossed: the Ack alone */
	force_state(PPP_REQSENT);
	now += PPP_EARLY_RESEND_MS;
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 2);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK(p.id != 50);
	CHECK(sent(1, &p));
	CHECK_INT(p.code, PPP_CONFACK);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	fsm.state = PPP_REQSENT;
	now += PPP_EARLY_RESEND_MS;
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 1);	/* not twice */
}

/*
 * Our request answered by a Terminate-Ack (the peer's automaton was
 * closed: a pppd requiring MPPE keeps IPCP closed until CCP is up): its
 * own request, when it comes, gets ours again at once, however soon,
 * and only once.
 */
static void resend_after_peer_closed(void)
{
	struct ppp_cp p;

	force_state(PPP_REQSENT);
	apply(EV_RTA);
	CHECK_INT(fsm.state, PPP_REQSENT);
	CHECK_INT(out.nframes, 0);
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 2);
	CHECK(sent(0, &p));
	CHECK_INT(p.code, PPP_CONFREQ);
	CHECK(sent(1, &p));
	CHECK_INT(p.code, PPP_CONFACK);
	CHECK_INT(fsm.state, PPP_ACKSENT);
	fsm.state = PPP_REQSENT;
	apply(EV_RTA);
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 1);	/* not twice */
	/* a Terminate-Ack with nothing of ours outstanding changes nothing */
	force_state(PPP_REQSENT);
	fsm.req_outstanding = false;
	apply(EV_RTA);
	apply(EV_RCRP);
	CHECK_INT(out.nframes, 1);
}

static void fsm_rfc1661_table(void)
{
	static const char *const ev_name[EV_N] = {
		"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-",
		"RCA", "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-",
	};
	char got[32], want[32];
	int ev, st, n;
	unsigned int i;

	for (ev = 0; ev < EV_N; ev++) {
		for (st = PPP_INITIAL; st <= PPP_OPENED; st++) {
			force_state(st);
			apply(ev);
			n = snprintf(got, sizeof(got), "%d|%s%s%s%s|",
				     fsm.state, toy.ups ? "U" : "",
				     toy.downs ? "D" : "",
				     toy.starts ? "S" : "",
				     toy.finishes ? "F" : "");
			for (i = 0; i < out.nframes; i++) {
				struct ppp_cp p;

				if (sent(i, &p))
					n += snprintf(got + n, sizeof(got) - n,
						      "%u", p.code);
			}
			if (!strcmp(rfc1661[ev][st], "-"))
				snprintf(want, sizeof(want), "%d||", st);
			else
				snprintf(want, sizeof(want), "%s",
					 rfc1661[ev][st]);
			if (strcmp(got, want))
				t_fail(__FILE__, __LINE__,
				       "%s in %s: got %s, RFC 1661 says %s",
				       ev_name[ev], ppp_fsm_state_name(st),
				       got, want);
		}
	}
}

static void fsm_zero_restart_count(void)
{
	/* RTR in Opened: zrc, so Stopping lasts one restart period. */
	force_state(PPP_OPENED);
	apply(EV_RTR);
	CHECK_INT(fsm.restart_count, 0);
	CHECK_INT(ppp_fsm_deadline(&fsm), now + PPP_RESTART_MS);
	/* Close from Opened: irc to Max-Terminate, one spent on str. */
	force_state(PPP_OPENED);
	apply(EV_CLOSE);
	CHECK_INT(fsm.restart_count, PPP_MAX_TERMINATE - 1);
}

static void fsm_names(void)
{
	CHECK_STR(ppp_fsm_state_name(PPP_ACKSENT), "Ack-Sent");
	CHECK_STR(ppp_fsm_state_name(PPP_OPENED), "Opened");
	CHECK_HAS(ppp_fsm_why_name(PPP_WHY_TIMEOUT), "Configure-Request");
}

void suite_ppp_fsm(void)
{
	RUN(fsm_negotiate_peer_first);
	RUN(fsm_negotiate_ack_first);
	RUN(fsm_stale_and_wrong_acks);
	RUN(fsm_nak_handling);
	RUN(fsm_reject_handling);
	RUN(fsm_restart_timer_and_max_configure);
	RUN(fsm_timer_in_acksent);
	RUN(fsm_close_with_ack);
	RUN(fsm_close_without_ack);
	RUN(fsm_peer_terminates);
	RUN(fsm_max_failure);
	RUN(fsm_endless_naks_bounded);
	RUN(fsm_code_reject);
	RUN(fsm_protocol_rejected_while_negotiating);
	RUN(fsm_passive);
	RUN(fsm_renegotiation);
	RUN(fsm_lower_down);
	RUN(fsm_protocol_gives_up);
	RUN(fsm_rfc1661_table);
	RUN(resend_after_peer_closed);
	RUN(early_resend);
	RUN(fsm_zero_restart_count);
	RUN(fsm_names);
	ppp_fsm_release(&fsm);
}
