// SPDX-License-Identifier: GPL-2.0
/*
 * roamd's RADIUS client against a real server (FreeRADIUS, run by
 * selftests/radius_interop.sh): the codec, the client state machine and
 * the Access-Request of each method over a real UDP socket, without a
 * VM.  The user and its answers are the script's:
 *
 *   [RADIUS_MA_OPTIONAL=1] radius_interop ADDR PORT SECRET USER PASSWORD FRAMED_IP
 *
 * Accounting goes to PORT + 1.  PAP, CHAP-MD5, MS-CHAPv1 and MS-CHAPv2 must be accepted with the
 * Framed-IP-Address; MS-CHAPv2's authenticator response and MPPE keys
 * must be those roamd derives itself from the password; a wrong password
 * must be refused; an accounting Start and a Stop with 4 GiB + 1234
 * octets in must be acknowledged.  Prints one TAP line per check.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "ppp/auth.h"
#include "ppp/mschap.h"
#include "radius/access.h"
#include "radius/acct.h"
#include "radius/client.h"
#include "radius/crypto.h"

static int fd, failed, n_test;
static struct radius_client cl;
static const char *secret, *user, *password;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n_test, what);
	if (!cond)
		failed = 1;
}

/* Run the client until request 1 is done; the answer or NULL. */
static struct radius_req *exchange(radius_build_fn build, void *ctx)
{
	struct sockaddr_in to = { .sin_family = AF_INET }, from;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t buf[RADIUS_MAX_LEN];
	struct radius_send s;
	struct radius_req *r;
	socklen_t fl;
	uint64_t dl;
	ssize_t n;

	if (radius_client_submit(&cl, 1, build, ctx, now_ms()))
		return NULL;
	for (;;) {
		while (radius_client_next_send(&cl, &s)) {
			to.sin_addr.s_addr = s.addr;
			to.sin_port = htons(s.port);
			sendto(fd, s.pkt, s.len, 0, (struct sockaddr *)&to,
			       sizeof(to));
		}
		r = radius_client_next_done(&cl);
		if (r)
			return r;
		dl = radius_client_next_deadline(&cl);
		if (poll(&pfd, 1, dl == UINT64_MAX ? 1000 :
			 (int)(dl > now_ms() ? dl - now_ms() : 0)) > 0) {
			fl = sizeof(from);
			n = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);
			if (n > 0)
				radius_client_input(&cl, from.sin_addr.s_addr,
						    ntohs(from.sin_port), buf,
						    (size_t)n, now_ms());
		}
		radius_client_tick(&cl, now_ms());
	}
}

static int build_access(void *ctx, const struct radius_server *s,
			uint8_t id, uint8_t *buf, size_t cap,
			uint8_t auth[RADIUS_AUTH_LEN])
{
	struct radius_nas nas = { .nas_id = "roam-interop", .nas_port = 1,
				  .framed = true, .session_id = "00000001" };

	RAND_bytes(auth, RADIUS_AUTH_LEN);
	return radius_access_build(ctx, &nas, s->secret, s->secret_len, id,
				   auth, buf, cap);
}

static int ask(struct ppp_auth_request *q, struct radius_access_answer *a)
{
	struct radius_packet p;
	struct radius_req *r;
	const char *err = NULL;
	int rc = -1;

	memset(a, 0, sizeof(*a));
	r = exchange(build_access, q);
	if (r && r->outcome == RADIUS_ANSWERED &&
	    !radius_parse(r->answer, r->answer_len, &p, &err))
		rc = radius_access_answer(&p, q, r->auth,
					  (const uint8_t *)secret,
					  strlen(secret), a, &err);
	if (rc)
		printf("# %s\n", r ? (r->why ? r->why : err ? err : "?") :
				     "not sent");
	radius_req_free(r);
	return rc;
}

static struct radius_acct_record rec;

static int build_acct(void *ctx, const struct radius_server *s, uint8_t id,
		      uint8_t *buf, size_t cap, uint8_t auth[RADIUS_AUTH_LEN])
{
	struct radius_nas nas = { .nas_id = "roam-interop", .nas_port = 1,
				  .framed = true, .session_id = "00000001" };

	(void)ctx;
	return radius_acct_build(&rec, &nas, s->secret, s->secret_len, id,
				 buf, cap, auth);
}

int main(int argc, char **argv)
{
	const struct radius_client_conf conf = { .timeout_ms = 2000,
						 .retries = 1 };
	uint8_t chal[16], peer[16], resp[49], digest[16], id = 7;
	uint8_t hash[16];
	struct ppp_auth_request q = { 0 };
	struct ppp_auth_result local;
	struct radius_access_answer a;
	struct radius_req *r;
	uint32_t framed;

	if (argc != 7)
		return 2;
	secret = argv[3];
	user = argv[4];
	password = argv[5];
	inet_pton(AF_INET, argv[6], &framed);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	radius_client_init(&cl, &conf);
	radius_client_add_server(&cl, inet_addr(argv[1]), atoi(argv[2]),
				 secret, strlen(secret));
	/* FreeRADIUS before 3.2.5 signs no answer: say so, then accept */
	if (getenv("RADIUS_MA_OPTIONAL")) {
		cl.servers[0].need_ma = false;
		printf("# Message-Authenticator optional (weak)\n");
	}
	printf("TAP version 13\n1..13\n");

	q.user = user;
	q.user_len = strlen(user);
	q.method = PPP_AUTH_PAP;
	q.response = (const uint8_t *)password;
	q.response_len = strlen(password);
	ok(!ask(&q, &a) && a.accept, "PAP accepted");
	ok(a.framed_ip == framed, "PAP: Framed-IP-Address");
	ok(a.class_len > 0, "PAP: Class");
	q.response = (const uint8_t *)"wrong";
	q.response_len = 5;
	ok(!ask(&q, &a) && !a.accept && a.error == 691,
	   "PAP with a wrong password refused (691)");

	RAND_bytes(chal, 16);
	radius_md5(digest, &id, 1, password, strlen(password), chal, 16);
	q.method = PPP_AUTH_CHAP_MD5;
	q.id = id;
	q.challenge = chal;
	q.challenge_len = 16;
	q.response = digest;
	q.response_len = 16;
	ok(!ask(&q, &a) && a.accept, "CHAP-MD5 accepted");

	/* MS-CHAPv2 as a Windows client computes it */
	RAND_bytes(peer, 16);
	memset(resp, 0, sizeof(resp));
	memcpy(resp, peer, 16);
	mschap_nt_password_hash(password, strlen(password), hash);
	mschapv2_nt_response(chal, peer, user, strlen(user), hash, resp + 24);
	q.method = PPP_AUTH_MSCHAPV2;
	q.response = resp;
	q.response_len = 49;
	memset(&local, 0, sizeof(local));
	ppp_auth_check_password(&q, password, strlen(password), &local);
	ok(!ask(&q, &a) && a.accept, "MS-CHAPv2 accepted");
	ok(!strcmp(a.authenticator, local.authenticator),
	   "MS-CHAPv2: the server's S= is the one the client expects");
	ok(a.have_keys && !memcmp(a.mppe_send, local.mppe_send, 16) &&
	   !memcmp(a.mppe_recv, local.mppe_recv, 16),
	   "MS-CHAPv2: MS-MPPE-Send/Recv-Key are roamd's own derivation");
	resp[30] ^= 1;
	ok(!ask(&q, &a) && !a.accept && a.error == 691,
	   "MS-CHAPv2 with a wrong response refused (691 from MS-CHAP-Error)");

	/* MS-CHAPv1: LM part zero, NT-Response, flag 1 */
	memset(resp, 0, sizeof(resp));
	mschap_challenge_response(chal, hash, resp + 24);
	resp[48] = 1;
	q.method = PPP_AUTH_MSCHAPV1;
	q.challenge_len = 8;
	memset(&local, 0, sizeof(local));
	ppp_auth_check_password(&q, password, strlen(password), &local);
	ok(!ask(&q, &a) && a.accept, "MS-CHAPv1 accepted");
	ok(a.have_keys && !memcmp(a.mppe_send, local.mppe_send, 16),
	   "MS-CHAPv1: MPPE keys are roamd's own derivation");

	/* accounting: the next port, as FreeRADIUS listens */
	radius_client_fini(&cl);
	radius_client_init(&cl, &conf);
	radius_client_add_server(&cl, inet_addr(argv[1]), atoi(argv[2]) + 1,
				 secret, strlen(secret));
	rec.status = RADIUS_ACCT_START;
	rec.user = user;
	rec.framed_ip = framed;
	r = exchange(build_acct, NULL);
	ok(r && r->outcome == RADIUS_ANSWERED, "accounting Start answered");
	radius_req_free(r);
	rec.status = RADIUS_ACCT_STOP;
	rec.in_octets = (1ull << 32) + 1234;
	rec.out_octets = 5678;
	rec.in_packets = 11;
	rec.out_packets = 12;
	rec.session_time = 3;
	rec.term_cause = RADIUS_TERM_ADMIN_RESET;
	r = exchange(build_acct, NULL);
	ok(r && r->outcome == RADIUS_ANSWERED, "accounting Stop answered");
	radius_req_free(r);
	radius_client_fini(&cl);
	return failed;
}
