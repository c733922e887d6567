// SPDX-License-Identifier: GPL-2.0
/*
 * roam session: the session table.  "show" and "del" go to roamd when it
 * runs in this network namespace: it knows each session's user and
 * protocol, and a call it tears down properly (PPP terminate, L2TP CDN,
 * address back to the pool).  Without roamd, and for add and set, the
 * kernel's table is used directly over generic netlink.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "roam.h"
#include "session_merge.h"
#include "session_print.h"
#include "session_stream.h"

/* "dev NAME" to an ifindex; prints why not. */
static int dev_index(const char *name, uint32_t *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (*ifindex)
		return 0;
	fprintf(stderr, "Error: no device named '%s'\n", name);
	return EXIT_FAILED;
}

/* The whole list first, then sorted (roam_session_merge()) and printed. */
static int session_show_sorted(const struct roam_opts *o,
			       struct roam_genl *g, uint32_t ifindex,
			       uint32_t id)
{
	struct roam_session_row *rows;
	struct roam_session_info *s;
	struct roam_nl_err e;
	struct roam_print p;
	size_t n;

	if (roam_genl_session_list(g, ifindex, id, &s, &n, &e))
		return nl_failed(&e);
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		free(s);
		fprintf(stderr, "roam: out of memory\n");
		return EXIT_FAILED;
	}
	/* no calls: the kernel's table alone, in the same order as roamd's */
	n = roam_session_merge(s, n, NULL, 0, ifindex, id, rows);
	rp_init(&p, stdout, o->json, o->pretty);
	/* stdout is unbuffered (below): the printer's buffer, 64 KiB a write */
	rp_buffer(&p);
	roam_session_print_rows(&p, rows, n, o->stats);
	rp_end(&p);
	free(rows);
	free(s);
	return EXIT_OK;
}

static int session_show(const struct roam_opts *o, struct roam_genl *g,
			uint32_t ifindex, uint32_t id)
{
	struct roam_nl_err e;
	struct roam_print p;

	rp_init(&p, stdout, o->json, o->pretty);
	/*
	 * 100k sessions are some 25 MB of JSON, gathered in the printer's
	 * buffer and written with one write(): stdio's buffer would only
	 * be in the way (setvbuf() without a buffer of its own keeps the
	 * file's 4 KiB, so the output went in 4 KiB copies and two
	 * write()s each).  Unbuffered, errors still reach the stream.
	 * Before anything was written to stdout, as setvbuf() requires.
	 */
	setvbuf(stdout, NULL, _IONBF, 0);
	switch (roam_session_stream(g, ifindex, id, &p, o->stats, &e)) {
	case ROAM_STREAM_DONE:
		return EXIT_OK;
	case ROAM_STREAM_FAILED:
		return nl_failed(&e);
	default:
		return session_show_sorted(o, g, ifindex, id);
	}
}

static int session_add(struct roam_genl *g, const struct roam_cmd_session *c,
		       uint32_t ifindex)
{
	struct roam_session_info s = {
		.ifindex = ifindex,
		.id = c->id,
		.kind = c->kind,
		.state = c->state,
		.has_ipv4 = c->has_ipv4,
		.ipv4 = c->ipv4,
		.has_ipv6 = c->has_ipv6,
		.peer_family = c->peer_family,
		.peer_ipv4 = c->peer_ipv4,
		.has_peer_port = c->has_peer_port,
		.peer_port = c->peer_port,
	};
	struct roam_nl_err e;

	memcpy(s.ipv6, c->ipv6, sizeof(s.ipv6));
	memcpy(s.peer_ipv6, c->peer_ipv6, sizeof(s.peer_ipv6));
	if (roam_genl_session_new(g, &s, &e))
		return nl_failed(&e);
	return EXIT_OK;
}

int do_session(const struct roam_opts *o, const struct roam_cmd *cmd,
	       const struct roam_tokens *t)
{
	const struct roam_cmd_session *c = &cmd->session;
	struct roam_nl_err e;
	struct roam_genl g;
	uint32_t ifindex = 0;
	int ret;

	if (cmd->verb == ROAM_VERB_SHOW || cmd->verb == ROAM_VERB_DEL) {
		ret = try_roamd(o, t);
		if (ret >= 0)
			return ret;
		/* the kernel knows no users, groups or access methods */
		if (c->user || c->group || c->access) {
			fprintf(stderr,
				"roam: 'user', 'group' and 'protocol' need roamd\n");
			return EXIT_FAILED;
		}
	}
	if (c->dev) {
		ret = dev_index(c->dev, &ifindex);
		if (ret)
			return ret;
	}
	ret = genl_open_or_say(&g);
	if (ret)
		return ret;

	switch (cmd->verb) {
	case ROAM_VERB_SHOW:
		ret = session_show(o, &g, ifindex, c->id);
		break;
	case ROAM_VERB_ADD:
		ret = session_add(&g, c, ifindex);
		break;
	case ROAM_VERB_SET:
		ret = EXIT_OK;
		if (c->peer_family == AF_INET6) {
			fprintf(stderr,
				"roam: session set: the peer of a session moves to an IPv4 address only\n");
			ret = EXIT_FAILED;
		} else if (c->peer_family &&
			   roam_genl_session_set_peer(&g, ifindex, c->id,
						      c->peer_ipv4,
						      c->has_peer_port ?
						      c->peer_port : 0, &e)) {
			ret = nl_failed(&e);
		} else if (c->state &&
			   roam_genl_session_set(&g, ifindex, c->id, c->state,
						 &e)) {
			ret = nl_failed(&e);
		}
		break;
	case ROAM_VERB_DEL:
		ret = EXIT_OK;
		if (c->has_ipv4) {
			if (roam_genl_session_del_ipv4(&g, ifindex, c->ipv4,
						       &e))
				ret = nl_failed(&e);
		} else if ((!ifindex && roam_genl_only_dev(&g, &ifindex, &e)) ||
			   roam_genl_session_del(&g, ifindex, c->id, &e)) {
			ret = nl_failed(&e);
		}
		break;
	default:
		fprintf(stderr, "roam: 'session %s' is not a command\n",
			roam_verb_name(cmd->verb));
		ret = EXIT_USAGE;
		break;
	}
	roam_genl_close(&g);
	return ret;
}
