// SPDX-License-Identifier: GPL-2.0
/*
 * roamd's side of a PPTP call, for roam_pptp_data.sh, without roamd:
 *
 *   pptp_ctl new DEV ID LOCAL PEER CALL PEER_CALL ADDR
 *	declare an up pptp session (no MPPE)
 *   pptp_ctl mppe DEV ID BITS {stateful|stateless} SEND_KEY RECV_KEY
 *	key it (hex keys, the server's view) through session-set
 *   pptp_ctl send DEV ID HEX_FRAME
 *	send a PPP control frame (from its protocol field) with session-send;
 *	prints the kernel's refusal and exits 1 when refused
 *   pptp_ctl listen
 *	open roamd's raw GRE socket (userspace/lib/gre_sock.c, its BPF
 *	filter), print "ready", then one line "call C seq S proto P" per
 *	packet it passes, until SIGTERM
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/roam.h>

#include "gre.h"

static struct nl_sock *nl;
static int family;
static char ext_msg[256];

/* Keeps the kernel's extack message; NL_STOP makes the error the result. */
static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	unsigned int off = sizeof(*err);

	(void)nla;
	(void)arg;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    nlh->nlmsg_len > NLMSG_HDRLEN + off)
		nla_parse(tb, NLMSGERR_ATTR_MAX,
			  (struct nlattr *)((char *)err + off),
			  nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ext_msg, sizeof(ext_msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static struct nl_msg *request(uint8_t cmd, char **argv)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
		    ROAM_FAMILY_VERSION);
	nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, if_nametoindex(argv[2]));
	nla_put_u32(msg, ROAM_A_SESSION_ID, strtoul(argv[3], NULL, 0));
	return msg;
}

static int transact(struct nl_msg *msg)
{
	int err = nl_send_auto(nl, msg);

	nlmsg_free(msg);
	if (err >= 0)
		err = nl_wait_for_ack(nl);
	if (err < 0) {
		fprintf(stderr, "refused: %s (%s)\n", nl_geterror(err), ext_msg);
		return 1;
	}
	return 0;
}

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		sscanf(s, "%2hhx", &out[n++]);
		s += 2;
	}
	return n;
}

static int cmd_new(char **argv)
{
	struct nl_msg *msg = request(ROAM_CMD_SESSION_NEW, argv);
	struct in_addr local, peer, addr;
	struct nlattr *nest;

	inet_pton(AF_INET, argv[4], &local);
	inet_pton(AF_INET, argv[5], &peer);
	inet_pton(AF_INET, argv[8], &addr);
	nla_put_u32(msg, ROAM_A_SESSION_KIND, ROAM_KIND_PPTP);
	nla_put_u32(msg, ROAM_A_SESSION_STATE, ROAM_STATE_UP);
	nla_put_u32(msg, ROAM_A_SESSION_IPV4, addr.s_addr);
	nla_put_u32(msg, ROAM_A_SESSION_PEER_IPV4, peer.s_addr);
	nest = nla_nest_start(msg, ROAM_A_SESSION_PPTP);
	nla_put_u16(msg, ROAM_A_PPTP_CALL_ID, atoi(argv[6]));
	nla_put_u16(msg, ROAM_A_PPTP_PEER_CALL_ID, atoi(argv[7]));
	nla_put_u32(msg, ROAM_A_PPTP_LOCAL_IPV4, local.s_addr);
	nla_nest_end(msg, nest);
	return transact(msg);
}

static int cmd_mppe(char **argv)
{
	struct nl_msg *msg = request(ROAM_CMD_SESSION_SET, argv);
	uint8_t skey[16], rkey[16];
	size_t sn, rn;
	struct nlattr *nest;

	sn = unhex(argv[6], skey, sizeof(skey));
	rn = unhex(argv[7], rkey, sizeof(rkey));
	nest = nla_nest_start(msg, ROAM_A_SESSION_PPTP);
	nla_put_u8(msg, ROAM_A_PPTP_MPPE_BITS, atoi(argv[4]));
	if (!strcmp(argv[5], "stateless"))
		nla_put_flag(msg, ROAM_A_PPTP_MPPE_STATELESS);
	nla_put(msg, ROAM_A_PPTP_MPPE_SEND_KEY, sn, skey);
	nla_put(msg, ROAM_A_PPTP_MPPE_RECV_KEY, rn, rkey);
	nla_nest_end(msg, nest);
	return transact(msg);
}

static int cmd_send(char **argv)
{
	struct nl_msg *msg = request(ROAM_CMD_SESSION_SEND, argv);
	uint8_t frame[1600];
	size_t n = unhex(argv[4], frame, sizeof(frame));

	nla_put(msg, ROAM_A_SESSION_PPP_FRAME, n, frame);
	return transact(msg);
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int cmd_listen(void)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct gre_packet pkt;
	uint8_t buf[2048];
	const char *err;
	uint16_t proto;
	ssize_t n;
	int fd;

	fd = gre_control_socket_open();
	if (fd < 0) {
		perror("raw GRE socket");
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		fd_set rd;
		struct timeval tv = { .tv_sec = 0, .tv_usec = 100000 };

		FD_ZERO(&rd);
		FD_SET(fd, &rd);
		if (select(fd + 1, &rd, NULL, NULL, &tv) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			continue;
		if (gre_packet_parse(buf, n, &pkt, &err) ||
		    gre_ppp_proto(pkt.ppp, pkt.ppp_len, &proto) < 0) {
			printf("unparsable: %s\n", err);
		} else {
			printf("call %u seq %u proto 0x%04x\n", pkt.gre.call_id,
			       pkt.gre.seq, proto);
		}
		fflush(stdout);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "listen"))
		return cmd_listen();
	nl = nl_socket_alloc();
	if (!nl || genl_connect(nl))
		return 1;
	family = genl_ctrl_resolve(nl, ROAM_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "roam family: %s\n", nl_geterror(family));
		return 1;
	}
	nl_socket_modify_err_cb(nl, NL_CB_CUSTOM, on_error, NULL);
	setsockopt(nl_socket_get_fd(nl), SOL_NETLINK, NETLINK_EXT_ACK,
		   &(int){ 1 }, sizeof(int));
	if (argc == 9 && !strcmp(argv[1], "new"))
		return cmd_new(argv);
	if (argc == 8 && !strcmp(argv[1], "mppe"))
		return cmd_mppe(argv);
	if (argc == 5 && !strcmp(argv[1], "send"))
		return cmd_send(argv);
	fprintf(stderr, "usage: see the comment at the top of pptp_ctl.c\n");
	return 2;
}
