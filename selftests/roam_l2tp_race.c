// SPDX-License-Identifier: GPL-2.0
/*
 * Binds, re-binds and unbinds of l2tp sessions racing on two sockets, for
 * roam_l2tp_race.sh: what roam_l2tp serialises per socket and per session.
 *
 *   roam_l2tp_race DEV WORKERS ROUNDS FIRST_ID LOCAL_ADDR
 *
 * Opens two UDP sockets on LOCAL_ADDR:1701 (SO_REUSEPORT, as a restarted
 * roamd's socket beside the one it replaces), then forks WORKERS processes
 * that share them. Each worker, ROUNDS times: declares its session (id
 * FIRST_ID + worker, its own tunnel id) bound to socket A; checks that a
 * second session with the same tunnel and session ids is refused on A
 * (EEXIST: one table per socket, so one roam_l2tp_sock per socket); moves
 * the session to socket B and back to A (session-set); deletes it. So
 * first binds race first binds, last unbinds race new binds, and re-binds
 * detach and attach both sockets' hooks under the others' feet.
 *
 * Then, with every session gone, both sockets must be plain UDP sockets
 * again (UDP_ENCAP reads 0), and a new session must attach A's hook again
 * (UDP_ENCAP reads UDP_ENCAP_L2TPINUDP) and detach it when deleted.
 *
 * Prints one line per worker and a summary; exits 0 when every step of
 * every worker did what it should and the hooks are as expected.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/wait.h>

#include "roam_nl.h"

#ifndef UDP_ENCAP_L2TPINUDP
#define UDP_ENCAP_L2TPINUDP 3
#endif

static int ifindex;
static struct in_addr local;

/* session-new ID bound to socket SOCK with tunnel id TID, session id 1 */
static int session_new(uint32_t id, int sock, uint16_t tid, struct ack *a)
{
	struct in_addr peer = { htonl(0xc0000200 | (tid & 0xff)) };
	struct nlattr *nest;
	struct req r;

	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, id);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	put(&r, ROAM_A_SESSION_PEER_IPV4, &peer, 4);
	put_u16(&r, ROAM_A_SESSION_PEER_PORT, htons(1701));
	nest = nest_start(&r, ROAM_A_SESSION_L2TP);
	put_u32(&r, ROAM_A_L2TP_FD, sock);
	put_u16(&r, ROAM_A_L2TP_TUNNEL_ID, tid);
	put_u16(&r, ROAM_A_L2TP_SESSION_ID, 1);
	put_u16(&r, ROAM_A_L2TP_PEER_TUNNEL_ID, tid);
	put_u16(&r, ROAM_A_L2TP_PEER_SESSION_ID, 1);
	put(&r, ROAM_A_L2TP_ALLOW_PLAIN, NULL, 0);
	nest_end(&r, nest);
	return send_req(fd, &r, a, NULL, NULL) < 0 ? -1 : 0;
}

static int session_rebind(uint32_t id, int sock, struct ack *a)
{
	struct nlattr *nest;
	struct req r;

	req_init(&r, ROAM_CMD_SESSION_SET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, id);
	nest = nest_start(&r, ROAM_A_SESSION_L2TP);
	put_u32(&r, ROAM_A_L2TP_FD, sock);
	nest_end(&r, nest);
	return send_req(fd, &r, a, NULL, NULL) < 0 ? -1 : 0;
}

static int session_del(uint32_t id, struct ack *a)
{
	struct req r;

	req_init(&r, ROAM_CMD_SESSION_DEL, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, id);
	return send_req(fd, &r, a, NULL, NULL) < 0 ? -1 : 0;
}

static int udp_sock(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(1701),
				   .sin_addr = local };
	int one = 1;
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("roam_l2tp_race: socket");
		exit(1);
	}
	return s;
}

static int encap_of(int s)
{
	socklen_t len = sizeof(int);
	int v = -1;

	if (getsockopt(s, IPPROTO_UDP, UDP_ENCAP, &v, &len))
		return -1;
	return v;
}

static int nl_setup(void)
{
	int id;

	fd = nl_open();
	if (fd < 0)
		return -1;
	id = resolve_family(fd);
	if (id < 0)
		return -1;
	family = id;
	return 0;
}

/* One worker; returns its exit status. */
static int worker(unsigned int w, unsigned int rounds, uint32_t first_id,
		  unsigned int workers, int a_sock, int b_sock)
{
	unsigned long binds = 0, dups = 0, moves = 0, dels = 0;
	uint32_t id = first_id + w, dup_id = first_id + workers + w;
	uint16_t tid = 1000 + w;
	unsigned int i;
	struct ack a;

	if (nl_setup())
		return 1;
	for (i = 0; i < rounds; i++) {
		if (session_new(id, a_sock, tid, &a) || a.err) {
			fprintf(stderr, "worker %u round %u: bind: %s: %s\n", w, i,
				strerror(a.err), a.msg);
			return 1;
		}
		binds++;
		if (session_new(dup_id, a_sock, tid, &a) || a.err != EEXIST) {
			fprintf(stderr, "worker %u round %u: same ids on the same socket: %s: %s\n",
				w, i, a.err ? strerror(a.err) : "accepted", a.msg);
			if (!a.err)
				session_del(dup_id, &a);
			session_del(id, &a);
			return 1;
		}
		dups++;
		if (session_rebind(id, b_sock, &a) || a.err ||
		    session_rebind(id, a_sock, &a) || a.err) {
			fprintf(stderr, "worker %u round %u: re-bind: %s: %s\n", w, i,
				strerror(a.err), a.msg);
			session_del(id, &a);
			return 1;
		}
		moves += 2;
		if (session_del(id, &a) || a.err) {
			fprintf(stderr, "worker %u round %u: delete: %s: %s\n", w, i,
				strerror(a.err), a.msg);
			return 1;
		}
		dels++;
	}
	printf("worker %u: %lu binds, %lu duplicates refused, %lu re-binds, %lu deletes\n",
	       w, binds, dups, moves, dels);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int workers, rounds, w, failed = 0;
	int a_sock, b_sock, status, ea, eb, ok = 1;
	uint32_t first_id;
	struct ack a;
	pid_t pid;

	if (argc != 6) {
		fprintf(stderr, "usage: roam_l2tp_race DEV WORKERS ROUNDS FIRST_ID LOCAL_ADDR\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	workers = strtoul(argv[2], NULL, 0);
	rounds = strtoul(argv[3], NULL, 0);
	first_id = strtoul(argv[4], NULL, 0);
	if (!ifindex || !workers || workers > 200 || !rounds || !first_id ||
	    inet_pton(AF_INET, argv[5], &local) != 1) {
		fprintf(stderr, "roam_l2tp_race: bad device, numbers or address\n");
		return 2;
	}
	a_sock = udp_sock();
	b_sock = udp_sock();
	fflush(stdout);
	for (w = 0; w < workers; w++) {
		pid = fork();
		if (pid < 0) {
			perror("roam_l2tp_race: fork");
			return 1;
		}
		if (!pid) {
			status = worker(w, rounds, first_id, workers, a_sock, b_sock);
			fflush(stdout);
			_exit(status);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;

	ea = encap_of(a_sock);
	eb = encap_of(b_sock);
	printf("workers failed %u; after the last delete: encap A %d, B %d\n",
	       failed, ea, eb);
	if (failed || ea != 0 || eb != 0)
		ok = 0;

	/* the hook comes back with a new session, and goes with it */
	if (nl_setup())
		return 1;
	if (session_new(first_id, a_sock, 999, &a) || a.err) {
		fprintf(stderr, "bind after the race: %s: %s\n", strerror(a.err), a.msg);
		return 1;
	}
	ea = encap_of(a_sock);
	if (session_del(first_id, &a) || a.err) {
		fprintf(stderr, "delete after the race: %s: %s\n", strerror(a.err), a.msg);
		return 1;
	}
	eb = encap_of(a_sock);
	printf("a new session: encap A %d while bound, %d after its delete\n", ea, eb);
	if (ea != UDP_ENCAP_L2TPINUDP || eb != 0)
		ok = 0;
	return ok ? 0 : 1;
}
