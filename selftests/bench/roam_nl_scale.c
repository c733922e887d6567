// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel session scale, for `make bench-scale` (scale_in_vm.sh): one
 * process that drives the roam family as fast as netlink goes, and times
 * each step with a monotonic clock. Figures, not verdicts.
 *
 *   roam_nl_scale create DEV N [PACKETS]
 *	N l2tp sessions, ids 1..N, addresses 100.64.0.0 + id, each bound to
 *	this process's UDP socket 127.0.0.1:1701 (tunnel id 1 + id / 32768,
 *	session id 1 + id % 32768, no IPsec). With PACKETS: then sends that
 *	many L2TP data messages from 127.0.0.1:1702, spread over all N
 *	sessions (a stride through the ids), each an IPv4 packet from the
 *	session's address, and waits until DEV has received them all: the
 *	receive path's lookup at N sessions.
 *   roam_nl_scale delete DEV N	deletes ids 1..N one request at a time
 *   roam_nl_scale dump DEV	dumps DEV's sessions
 *
 * Prints one "name value" line per figure (seconds, counts, packets/s)
 * and exits 0 when every step did what it says, 1 otherwise.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <time.h>

#include "../roam_nl.h"

#define L2TP_PORT	1701
#define PEER_PORT	1702

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t session_addr(uint32_t id)
{
	return htonl((100u << 24 | 64u << 16) + id);
}

static uint16_t tunnel_of(uint32_t id)
{
	return 1 + id / 32768;
}

static uint16_t session_of(uint32_t id)
{
	return 1 + id % 32768;
}

static int udp_socket(uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("udp socket");
		return -1;
	}
	return s;
}

/* A counter of DEV from sysfs, 0 when unreadable. */
static unsigned long long dev_stat(const char *dev, const char *name)
{
	char path[256];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static int create(int ifindex, uint32_t n, int usock)
{
	uint32_t peer = htonl(INADDR_LOOPBACK), id;
	struct nlattr *nest;
	struct req r;
	struct ack a;
	double t0;

	t0 = now();
	for (id = 1; id <= n; id++) {
		uint32_t addr = session_addr(id);

		req_init(&r, ROAM_CMD_SESSION_NEW, 0);
		put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
		put_u32(&r, ROAM_A_SESSION_ID, id);
		put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
		put(&r, ROAM_A_SESSION_IPV4, &addr, 4);
		put(&r, ROAM_A_SESSION_PEER_IPV4, &peer, 4);
		put_u16(&r, ROAM_A_SESSION_PEER_PORT, htons(PEER_PORT));
		nest = nest_start(&r, ROAM_A_SESSION_L2TP);
		put_u32(&r, ROAM_A_L2TP_FD, usock);
		put_u16(&r, ROAM_A_L2TP_TUNNEL_ID, tunnel_of(id));
		put_u16(&r, ROAM_A_L2TP_SESSION_ID, session_of(id));
		put_u16(&r, ROAM_A_L2TP_PEER_TUNNEL_ID, tunnel_of(id));
		put_u16(&r, ROAM_A_L2TP_PEER_SESSION_ID, session_of(id));
		put(&r, ROAM_A_L2TP_ALLOW_PLAIN, NULL, 0);
		nest_end(&r, nest);
		if (send_req(fd, &r, &a, NULL, NULL) < 0 || a.err) {
			fprintf(stderr, "session %u: %s%s%s\n", id, strerror(a.err),
				a.msg[0] ? ": " : "", a.msg);
			printf("created %u\n", id - 1);
			return 1;
		}
	}
	printf("created %u\n", n);
	printf("create_s %.3f\n", now() - t0);
	return 0;
}

/* One L2TP data message: header, PPP IPv4, a 28-byte IPv4 + UDP packet. */
static size_t l2tp_packet(unsigned char *p, uint32_t id)
{
	uint32_t src = session_addr(id), dst = htonl(0xc0000201);
	unsigned char *ip;
	uint16_t v;

	v = htons(0x0002);		/* data, version 2, no options */
	memcpy(p, &v, 2);
	v = htons(tunnel_of(id));
	memcpy(p + 2, &v, 2);
	v = htons(session_of(id));
	memcpy(p + 4, &v, 2);
	p[6] = 0xff;
	p[7] = 0x03;
	p[8] = 0x00;
	p[9] = 0x21;			/* PPP: IPv4 */
	ip = p + 10;
	memset(ip, 0, 28);
	ip[0] = 0x45;
	ip[3] = 28;			/* total length */
	ip[8] = 64;			/* TTL */
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	ip[21] = 9;			/* discard */
	ip[23] = 9;
	ip[25] = 8;			/* UDP length */
	return 10 + 28;
}

static int rx(const char *dev, uint32_t n, unsigned long packets)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(L2TP_PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	unsigned long long base, base_drop, got = 0, dropped = 0;
	unsigned char buf[64];
	unsigned long i;
	double t0, t1, deadline;
	int s = udp_socket(PEER_PORT);
	size_t len;
	uint32_t id = 1;

	if (s < 0)
		return 1;
	base = dev_stat(dev, "rx_packets");
	base_drop = dev_stat(dev, "rx_dropped");
	t0 = now();
	for (i = 0; i < packets; i++) {
		/* a stride through all ids, so the lookups hit the whole table */
		id = 1 + (uint32_t)((i * 7919ull) % n);
		len = l2tp_packet(buf, id);
		if (sendto(s, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("sendto");
			return 1;
		}
	}
	/* loopback delivers in the sender's softirq; wait for the stragglers */
	deadline = now() + 30;
	for (;;) {
		got = dev_stat(dev, "rx_packets") - base;
		dropped = dev_stat(dev, "rx_dropped") - base_drop;
		if (got + dropped >= packets || now() > deadline)
			break;
		usleep(1000);
	}
	t1 = now();
	printf("rx_packets %llu\n", got);
	printf("rx_dropped %llu\n", dropped);
	printf("rx_s %.3f\n", t1 - t0);
	printf("rx_pps %.0f\n", got / (t1 - t0));
	close(s);
	return got == packets ? 0 : 1;
}

static int delete(int ifindex, uint32_t n)
{
	struct req r;
	struct ack a;
	uint32_t id, gone = 0;
	double t0 = now();

	for (id = 1; id <= n; id++) {
		req_init(&r, ROAM_CMD_SESSION_DEL, 0);
		put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
		put_u32(&r, ROAM_A_SESSION_ID, id);
		if (send_req(fd, &r, &a, NULL, NULL) < 0 || a.err) {
			fprintf(stderr, "delete %u: %s%s%s\n", id, strerror(a.err),
				a.msg[0] ? ": " : "", a.msg);
			continue;
		}
		gone++;
	}
	printf("deleted %u\n", gone);
	printf("delete_s %.3f\n", now() - t0);
	return gone == n ? 0 : 1;
}

static unsigned long dumped;

static void count_cb(struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	dumped++;
}

static int dump(int ifindex)
{
	struct req r;
	struct ack a;
	double t0 = now();

	req_init(&r, ROAM_CMD_SESSION_GET, NLM_F_DUMP);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	if (send_req(fd, &r, &a, count_cb, NULL) < 0 || a.err) {
		fprintf(stderr, "dump: %s\n", strerror(a.err));
		return 1;
	}
	printf("dumped %lu\n", dumped);
	printf("dump_s %.3f\n", now() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long packets = 0;
	uint32_t n = 0;
	int ifindex, id, usock, err;

	if (argc < 3) {
		fprintf(stderr, "usage: roam_nl_scale create DEV N [PACKETS] | delete DEV N | dump DEV\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[2]);
	if (argc > 3)
		n = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		packets = strtoul(argv[4], NULL, 0);
	if (!ifindex || (strcmp(argv[1], "dump") && (!n || n > 4000000))) {
		fprintf(stderr, "roam_nl_scale: bad device or count\n");
		return 2;
	}
	fd = nl_open();
	if (fd < 0) {
		perror("roam_nl_scale");
		return 1;
	}
	id = resolve_family(fd);
	if (id < 0)
		return 1;
	family = id;

	if (!strcmp(argv[1], "create")) {
		usock = udp_socket(L2TP_PORT);
		if (usock < 0)
			return 1;
		err = create(ifindex, n, usock);
		if (!err && packets)
			err = rx(argv[2], n, packets);
		return err;
	}
	if (!strcmp(argv[1], "delete"))
		return delete(ifindex, n);
	if (!strcmp(argv[1], "dump"))
		return dump(ifindex);
	fprintf(stderr, "roam_nl_scale: unknown command %s\n", argv[1]);
	return 2;
}
