// SPDX-License-Identifier: GPL-2.0
/* Grammar of the kernel's objects: link and session. */
#include <sys/socket.h>
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

/* ROAM_KIND_* and ROAM_STATE_* from <linux/roam.h>, kept numeric here so
 * that the pure grammar builds without kernel headers (fuzzers, tests). */
#define KIND_L2TP	1
#define KIND_PPTP	2
#define STATE_DOWN	1
#define STATE_UP	2

#define ROAM_ID_MAX	0xffffffffu	/* "4294967295" in messages */

static int link_name(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (check_ifname(c, s, len))
		return -1;
	cmd->link.name = s;
	return 0;
}

int roam_cmd_parse_link(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw show_kws[] = {
		{ "dev", "NAME", false, false, link_name },
	};
	const char *name;
	size_t len;

	switch (cmd->verb) {
	case ROAM_VERB_ADD:
	case ROAM_VERB_DEL:
		if (cur_take(c, "interface NAME", &name, &len) ||
		    link_name(c, name, len, cmd))
			return -1;
		return cur_end(c, cmd->verb == ROAM_VERB_ADD ?
				  "link add NAME" : "link del NAME");
	case ROAM_VERB_SHOW:
		return cur_keywords(c, "link show", show_kws,
				    ARRAY_SIZE(show_kws), cmd);
	default:
		return cur_error(c, "internal error: link verb %d", cmd->verb);
	}
}

static int sess_dev(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	if (check_ifname(c, s, len))
		return -1;
	cmd->session.dev = s;
	return 0;
}

/* Report an invalid value, quoting it safely. */
static int bad_value(struct roam_cmd_cursor *c, const char *what,
		     const char *s, size_t len, const char *expected)
{
	char w[WORD_SHOWN_MAX + 1];

	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid %s '%s'%s", what, w, expected);
}

static int sess_id(struct roam_cmd_cursor *c, const char *s, size_t len,
		   struct roam_cmd *cmd)
{
	if (roam_u32_parse(s, len, 1, ROAM_ID_MAX, &cmd->session.id))
		return bad_value(c, "session ID", s, len,
				 " (expected 1-4294967295)");
	return 0;
}

static int sess_kind(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (streq_n(s, len, "l2tp"))
		cmd->session.kind = KIND_L2TP;
	else if (streq_n(s, len, "pptp"))
		cmd->session.kind = KIND_PPTP;
	else
		return bad_value(c, "kind", s, len,
				 " (expected: l2tp, pptp)");
	return 0;
}

static int sess_state(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	if (streq_n(s, len, "up"))
		cmd->session.state = STATE_UP;
	else if (streq_n(s, len, "down"))
		cmd->session.state = STATE_DOWN;
	else
		return bad_value(c, "state", s, len,
				 " (expected: up, down)");
	return 0;
}

static int sess_ipv4(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (value_ipv4(c, s, len, &cmd->session.ipv4))
		return -1;
	if (!roam_ipv4_assignable(cmd->session.ipv4))
		return bad_value(c, "session address", s, len,
				 " (0/8, 127/8 and 224/3 cannot be given to a client)");
	cmd->session.has_ipv4 = true;
	return 0;
}

static int sess_ipv6(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (roam_ipv6_parse(s, len, cmd->session.ipv6))
		return bad_value(c, "IPv6 address", s, len, "");
	cmd->session.has_ipv6 = true;
	return 0;
}

static int sess_peer(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (!roam_ipv4_parse(s, len, &cmd->session.peer_ipv4)) {
		cmd->session.peer_family = AF_INET;
		return 0;
	}
	if (!roam_ipv6_parse(s, len, cmd->session.peer_ipv6)) {
		cmd->session.peer_family = AF_INET6;
		return 0;
	}
	return bad_value(c, "peer address", s, len, " (IPv4 or IPv6)");
}

static int sess_port(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	uint32_t port;

	if (roam_u32_parse(s, len, 1, 65535, &port))
		return bad_value(c, "port", s, len, " (expected 1-65535)");
	cmd->session.peer_port = port;
	cmd->session.has_peer_port = true;
	return 0;
}

static const struct roam_kw add_kws[] = {
	{ "dev", "NAME", true, false, sess_dev },
	{ "id", "ID", true, false, sess_id },
	{ "kind", "KIND", true, false, sess_kind },
	{ "address", "IPV4", false, false, sess_ipv4 },
	{ "address6", "IPV6", false, false, sess_ipv6 },
	{ "peer", "ADDR", false, false, sess_peer },
	{ "peer-port", "PORT", false, false, sess_port },
	{ "state", "STATE", false, false, sess_state },
};

static const struct roam_kw set_kws[] = {
	{ "dev", "NAME", true, false, sess_dev },
	{ "id", "ID", true, false, sess_id },
	{ "state", "STATE", false, false, sess_state },
	{ "peer", "ADDR", false, false, sess_peer },
	{ "peer-port", "PORT", false, false, sess_port },
};

/* roamd's filters: who is on the session, and by which access method */
static int sess_user(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (check_text(c, "user name", s, len, ROAM_USER_NAME_MAX))
		return -1;
	cmd->session.user = s;
	return 0;
}

static int sess_group(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	if (check_pool_name(c, s, len))
		return -1;
	cmd->session.group = s;
	return 0;
}

static int sess_protocol(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	if (len == 4 && !memcmp(s, "l2tp", 4))
		cmd->session.access = ROAM_ACCESS_L2TP;
	else if (len == 4 && !memcmp(s, "pptp", 4))
		cmd->session.access = ROAM_ACCESS_PPTP;
	else if (len == 5 && !memcmp(s, "ipsec", 5))
		cmd->session.access = ROAM_ACCESS_IPSEC;
	else
		return bad_value(c, "protocol", s, len,
				 " (expected: l2tp, pptp, ipsec)");
	return 0;
}

static const struct roam_kw show_kws[] = {
	{ "dev", "NAME", false, false, sess_dev },
	{ "id", "ID", false, false, sess_id },
	{ "user", "USER", false, false, sess_user },
	{ "group", "GROUP", false, false, sess_group },
	{ "protocol", "PROTO", false, false, sess_protocol },
};

/* "dev" first: "del ID dev NAME" takes only it after the ID */
static const struct roam_kw del_kws[] = {
	{ "dev", "NAME", false, false, sess_dev },
	{ "id", "ID", false, false, sess_id },
	{ "address", "IPV4", false, false, sess_ipv4 },
	{ "user", "USER", false, false, sess_user },
	{ "group", "GROUP", false, false, sess_group },
};

int roam_cmd_parse_session(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	switch (cmd->verb) {
	case ROAM_VERB_ADD:
		if (cur_keywords(c, "session add", add_kws,
				 ARRAY_SIZE(add_kws), cmd))
			return -1;
		if (cmd->session.has_peer_port && !cmd->session.peer_family)
			return cur_error(c,
					 "session add: 'peer-port' needs 'peer ADDR'");
		return 0;
	case ROAM_VERB_SET:
		if (cur_keywords(c, "session set", set_kws,
				 ARRAY_SIZE(set_kws), cmd))
			return -1;
		if (cmd->session.has_peer_port && !cmd->session.peer_family)
			return cur_error(c,
					 "session set: 'peer-port' needs 'peer ADDR'");
		if (!cmd->session.state && !cmd->session.peer_family)
			return cur_error(c,
					 "session set: nothing to change (give 'state' or 'peer')");
		return 0;
	case ROAM_VERB_SHOW:
		return cur_keywords(c, "session show", show_kws,
				    ARRAY_SIZE(show_kws), cmd);
	case ROAM_VERB_DEL:
		/*
		 * "session del ID [dev NAME]"; "id ID" is accepted too.
		 * "session del address IPV4" names a session by the address
		 * it was given: an IKE Mode-Config session has no kernel id.
		 */
		if (cur_more(c) && c->t->argv[c->i][0] >= '0' &&
		    c->t->argv[c->i][0] <= '9') {
			if (sess_id(c, c->t->argv[c->i], c->t->len[c->i], cmd))
				return -1;
			c->i++;
			if (cur_keywords(c, "session del", del_kws, 1, cmd))
				return -1;
		} else if (cur_keywords(c, "session del", del_kws,
					ARRAY_SIZE(del_kws), cmd)) {
			return -1;
		}
		if (!!cmd->session.id + cmd->session.has_ipv4 +
		    !!(cmd->session.user || cmd->session.group) > 1)
			return cur_error(c,
					 "session del: one of an ID, 'address IPV4', or 'user USER' / 'group GROUP'");
		if (!cmd->session.id && !cmd->session.has_ipv4 &&
		    !cmd->session.user && !cmd->session.group)
			return cur_error(c,
					 "session del: missing session ID (or 'address IPV4', 'user USER', 'group GROUP')");
		return 0;
	default:
		return cur_error(c, "internal error: session verb %d",
				 cmd->verb);
	}
}
