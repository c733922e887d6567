// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper standing in for roamd's L2TP socket: opens a UDP socket on
 * ADDR:1701, declares one l2tp session bound to it through the roam
 * netlink family, then counts the datagrams the kernel leaves to the
 * socket (control messages, PPP control) until SIGTERM, when it prints
 * the count and exits.
 *
 * usage: l2tp_sock_holder DEV ID LOCAL_ADDR PEER_ADDR TID SID PTID PSID
 *                         SESSION_ADDR {plain|MARK}
 *        l2tp_sock_holder rebind DEV ID LOCAL_ADDR
 *
 * The second form moves the existing session ID to its own socket on
 * LOCAL_ADDR:1701 (session-set, as a restarted roamd taking over does),
 * then counts the same way; exit status 1 if the kernel refuses.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/roam.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int declare_session(char **argv, int fd)
{
	struct nl_sock *nl = nl_socket_alloc();
	struct in_addr peer, addr;
	struct nlattr *nest;
	struct nl_msg *msg;
	int family, err;

	if (!nl || genl_connect(nl))
		return -1;
	family = genl_ctrl_resolve(nl, ROAM_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "roam family: %s\n", nl_geterror(family));
		return -1;
	}
	inet_pton(AF_INET, argv[4], &peer);
	inet_pton(AF_INET, argv[9], &addr);
	msg = nlmsg_alloc();
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
		    ROAM_CMD_SESSION_NEW, ROAM_FAMILY_VERSION);
	nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, if_nametoindex(argv[1]));
	nla_put_u32(msg, ROAM_A_SESSION_ID, strtoul(argv[2], NULL, 0));
	nla_put_u32(msg, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	nla_put_u32(msg, ROAM_A_SESSION_IPV4, addr.s_addr);
	nla_put_u32(msg, ROAM_A_SESSION_PEER_IPV4, peer.s_addr);
	nla_put_u16(msg, ROAM_A_SESSION_PEER_PORT, htons(1701));
	nest = nla_nest_start(msg, ROAM_A_SESSION_L2TP);
	nla_put_u32(msg, ROAM_A_L2TP_FD, fd);
	nla_put_u16(msg, ROAM_A_L2TP_TUNNEL_ID, atoi(argv[5]));
	nla_put_u16(msg, ROAM_A_L2TP_SESSION_ID, atoi(argv[6]));
	nla_put_u16(msg, ROAM_A_L2TP_PEER_TUNNEL_ID, atoi(argv[7]));
	nla_put_u16(msg, ROAM_A_L2TP_PEER_SESSION_ID, atoi(argv[8]));
	if (!strcmp(argv[10], "plain"))
		nla_put_flag(msg, ROAM_A_L2TP_ALLOW_PLAIN);
	else
		nla_put_u32(msg, ROAM_A_L2TP_XFRM_MARK,
			    strtoul(argv[10], NULL, 0));
	nla_nest_end(msg, nest);
	err = nl_send_auto(nl, msg);
	if (err >= 0)
		err = nl_wait_for_ack(nl);
	nlmsg_free(msg);
	nl_socket_free(nl);
	if (err < 0) {
		fprintf(stderr, "session-new: %s\n", nl_geterror(err));
		return -1;
	}
	return 0;
}

/* session-set DEV ID l2tp { fd }: the session moves to socket fd. */
static int rebind_session(char **argv, int fd)
{
	struct nl_sock *nl = nl_socket_alloc();
	struct nlattr *nest;
	struct nl_msg *msg;
	int family, err;

	if (!nl || genl_connect(nl))
		return -1;
	family = genl_ctrl_resolve(nl, ROAM_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "roam family: %s\n", nl_geterror(family));
		return -1;
	}
	msg = nlmsg_alloc();
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
		    ROAM_CMD_SESSION_SET, ROAM_FAMILY_VERSION);
	nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, if_nametoindex(argv[2]));
	nla_put_u32(msg, ROAM_A_SESSION_ID, strtoul(argv[3], NULL, 0));
	nest = nla_nest_start(msg, ROAM_A_SESSION_L2TP);
	nla_put_u32(msg, ROAM_A_L2TP_FD, fd);
	nla_nest_end(msg, nest);
	err = nl_send_auto(nl, msg);
	if (err >= 0)
		err = nl_wait_for_ack(nl);
	nlmsg_free(msg);
	nl_socket_free(nl);
	if (err < 0) {
		fprintf(stderr, "session-set: %s\n", nl_geterror(err));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(1701) };
	struct sigaction sa = { .sa_handler = on_term };
	unsigned long passed = 0;
	char buf[2048];
	int fd;

	bool rebind = argc == 5 && !strcmp(argv[1], "rebind");

	if (argc != 11 && !rebind) {
		fprintf(stderr, "usage: %s DEV ID LOCAL PEER TID SID PTID PSID ADDR {plain|MARK}\n"
			"       %s rebind DEV ID LOCAL\n", argv[0], argv[0]);
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, argv[rebind ? 4 : 3], &sin.sin_addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("socket/bind");
		return 1;
	}
	if (rebind ? rebind_session(argv, fd) : declare_session(argv, fd))
		return 1;
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (recv(fd, buf, sizeof(buf), 0) >= 0)
			passed++;
		else if (errno != EINTR)
			break;
	}
	printf("passed-to-socket %lu\n", passed);
	return 0;
}
