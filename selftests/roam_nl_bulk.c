// SPDX-License-Identifier: GPL-2.0
/*
 * Many sessions at once, for roam_session.sh: one process creating them
 * over netlink is far faster than one `roam session add` per session in
 * the emulated VM.
 *
 *   roam_nl_bulk DEV N FIRST_ID
 *
 * Creates N sessions on DEV (ids FIRST_ID .. FIRST_ID+N-1, kinds
 * alternating l2tp/pptp, IPv4 addresses 10.101.0.1 onwards, one each),
 * then dumps the sessions of DEV and checks that every id is there exactly
 * once. Prints
 *   created N
 *   dump SESSIONS sessions in PARTS recv calls, ids complete|incomplete
 * and exits 0 when everything was created and the dump was complete.
 */
#define _GNU_SOURCE
#include "roam_nl.h"

static uint32_t first_id, count;
static unsigned char *seen;
static unsigned long dumped, dup_or_foreign;

static void dump_cb(struct nlmsghdr *nlh, void *arg)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *nla = (void *)((char *)g + GENL_HDRLEN);
	int rem = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	(void)arg;
	dumped++;
	while (rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= rem) {
		if ((nla->nla_type & NLA_TYPE_MASK) == ROAM_A_SESSION_ID &&
		    nla->nla_len >= NLA_HDRLEN + 4) {
			uint32_t id;

			memcpy(&id, (char *)nla + NLA_HDRLEN, 4);
			if (id < first_id || id - first_id >= count || seen[id - first_id])
				dup_or_foreign++;
			else
				seen[id - first_id] = 1;
		}
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (void *)((char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

int main(int argc, char **argv)
{
	unsigned long created = 0, parts, missing = 0;
	int ifindex, id;
	struct req r;
	struct ack a;
	uint32_t i;

	if (argc != 4) {
		fprintf(stderr, "usage: roam_nl_bulk DEV N FIRST_ID\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	count = strtoul(argv[2], NULL, 0);
	first_id = strtoul(argv[3], NULL, 0);
	if (!ifindex || !count || !first_id || count > 60000) {
		fprintf(stderr, "roam_nl_bulk: bad device or numbers\n");
		return 2;
	}
	seen = calloc(count, 1);
	fd = nl_open();
	if (!seen || fd < 0) {
		perror("roam_nl_bulk");
		return 1;
	}
	id = resolve_family(fd);
	if (id < 0)
		return 1;
	family = id;

	for (i = 0; i < count; i++) {
		uint32_t addr = htonl((10u << 24 | 101u << 16) + 1 + i);

		req_init(&r, ROAM_CMD_SESSION_NEW, 0);
		put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
		put_u32(&r, ROAM_A_SESSION_ID, first_id + i);
		put_u32(&r, ROAM_A_SESSION_KIND, i % 2 ? ROAM_KIND_PPTP : ROAM_KIND_L2TP);
		put(&r, ROAM_A_SESSION_IPV4, &addr, 4);
		if (send_req(fd, &r, &a, NULL, NULL) < 0 || a.err) {
			fprintf(stderr, "session %u: %s%s%s\n", first_id + i, strerror(a.err),
				a.msg[0] ? ": " : "", a.msg);
			break;
		}
		created++;
	}
	printf("created %lu\n", created);

	req_init(&r, ROAM_CMD_SESSION_GET, NLM_F_DUMP);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	nl_recvs = 0;
	if (send_req(fd, &r, &a, dump_cb, NULL) < 0 || a.err) {
		fprintf(stderr, "dump: %s%s%s\n", strerror(a.err), a.msg[0] ? ": " : "", a.msg);
		return 1;
	}
	parts = nl_recvs;
	for (i = 0; i < created; i++)
		missing += !seen[i];
	printf("dump %lu sessions in %lu recv calls, ids %s\n", dumped, parts,
	       missing || dup_or_foreign ? "incomplete" : "complete");
	if (missing || dup_or_foreign)
		fprintf(stderr, "%lu ids missing, %lu duplicate or foreign\n", missing,
			dup_or_foreign);
	return created == count && dumped == count && !missing && !dup_or_foreign ? 0 : 1;
}
