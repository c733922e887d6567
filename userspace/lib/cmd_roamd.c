// SPDX-License-Identifier: GPL-2.0
/* Grammar of roamd's objects: user, pool, log (daemon has no arguments). */
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

/*
 * User names go into PPP and RADIUS as they are, so anything printable
 * is allowed ("DOMAIN\user", "user@realm"), but not blanks or quotes
 * (they would make "user show" ambiguous) nor a leading '#' (the line
 * would read back as a comment).
 */
static int check_user_name(struct roam_cmd_cursor *c, const char *s,
			   size_t len)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t i;

	if (check_text(c, "user name", s, len, ROAM_USER_NAME_MAX))
		return -1;
	shown_word(w, sizeof(w), s, len);
	if (s[0] == '#')
		return cur_error(c, "user name '%s' starts with '#'", w);
	for (i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '"')
			return cur_error(c,
					 "user name '%s' holds a blank or a quote",
					 w);
	return 0;
}

/* Pool names are identifiers: letters, digits, '-', '_' and '.'. */
int check_pool_name(struct roam_cmd_cursor *c, const char *s, size_t len)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t i;

	if (check_text(c, "pool name", s, len, ROAM_POOL_NAME_MAX))
		return -1;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.')
			continue;
		shown_word(w, sizeof(w), s, len);
		return cur_error(c,
				 "invalid pool name '%s' (letters, digits, '-', '_', '.')",
				 w);
	}
	return 0;
}

static int user_password(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	if (check_text(c, "password", s, len, ROAM_PASSWORD_MAX))
		return -1;
	cmd->user.password = s;
	cmd->user.password_len = len;
	return 0;
}

static int user_address(struct roam_cmd_cursor *c, const char *s,
			size_t len, struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];

	if (value_ipv4(c, s, len, &cmd->user.ipv4))
		return -1;
	if (!roam_ipv4_assignable(cmd->user.ipv4)) {
		shown_word(w, sizeof(w), s, len);
		return cur_error(c,
				 "address %s cannot be given to a client (0/8, 127/8, 224/3)",
				 w);
	}
	cmd->user.has_ipv4 = true;
	return 0;
}

/* Group names are checked by the group grammar's rules (cmd_group.c). */
static int user_group(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	if (check_pool_name(c, s, len))
		return -1;
	cmd->user.group = s;
	return 0;
}

int roam_cmd_parse_user(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw own_kws[] = {
		{ "password", "PASS", true, true, user_password },
		{ "address", "IPV4", false, false, user_address },
		{ "group", "GROUP", false, false, user_group },
	};
	struct roam_kw kws[ARRAY_SIZE(own_kws) + ROAM_POLICY_NKWS +
			   ROAM_POLICY_ADDR_NKWS];
	const char *name;
	size_t len;

	memcpy(kws, own_kws, sizeof(own_kws));
	memcpy(kws + ARRAY_SIZE(own_kws), roam_policy_kws,
	       sizeof(roam_policy_kws));
	memcpy(kws + ARRAY_SIZE(own_kws) + ROAM_POLICY_NKWS,
	       roam_policy_addr_kws, sizeof(roam_policy_addr_kws));
	switch (cmd->verb) {
	case ROAM_VERB_ADD:
	case ROAM_VERB_DEL:
	case ROAM_VERB_SET:
		if (cur_take(c, "user NAME", &name, &len) ||
		    check_user_name(c, name, len))
			return -1;
		cmd->user.name = name;
		if (cmd->verb == ROAM_VERB_DEL)
			return cur_end(c, "user del NAME");
		if (cmd->verb == ROAM_VERB_SET) {
			kws[0].required = false;
			if (!cur_more(c))
				return cur_error(c, "user set: nothing to set");
			return cur_keywords(c, "user set", kws,
					    ARRAY_SIZE(kws), cmd);
		}
		return cur_keywords(c, "user add", kws, ARRAY_SIZE(kws), cmd);
	case ROAM_VERB_SHOW:
		if (!cur_more(c))
			return cur_end(c, "user show");
		if (cur_take(c, "user NAME", &name, &len) ||
		    check_user_name(c, name, len))
			return -1;
		cmd->user.name = name;
		return cur_end(c, "user show NAME");
	default:
		return cur_error(c, "internal error: user verb %d", cmd->verb);
	}
}

/* daemon set clock-offset SECONDS: the policy's clock, for tests. */
static int daemon_clock(struct roam_cmd_cursor *c, const char *s, size_t len,
			struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];
	long long v = 0;
	size_t i = 0;
	bool neg = false;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len || len - i > 9)
		goto bad;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		v = v * 10 + (s[i] - '0');
	}
	cmd->daemon.clock_offset = neg ? -v : v;
	cmd->daemon.has_clock_offset = true;
	return 0;
bad:
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid clock offset '%s' (seconds, at most 9 digits, may be negative)",
			 w);
}

int roam_cmd_parse_daemon(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw kws[] = {
		{ "clock-offset", "SECONDS", true, false, daemon_clock },
	};

	if (cmd->verb != ROAM_VERB_SET)
		return cur_end(c, "daemon show");
	return cur_keywords(c, "daemon set", kws, ARRAY_SIZE(kws), cmd);
}

static int pool_range(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	char msg[ROAM_ERR_MAX];

	if (roam_range_parse(s, len, &cmd->pool.first, &cmd->pool.last,
			     msg, sizeof(msg)))
		return cur_error(c, "%s", msg);
	return 0;
}

int roam_cmd_parse_pool(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw add_kws[] = {
		{ "range", "IPV4-IPV4", true, false, pool_range },
	};
	const char *name;
	size_t len;

	switch (cmd->verb) {
	case ROAM_VERB_ADD:
	case ROAM_VERB_DEL:
		if (cur_take(c, "pool NAME", &name, &len) ||
		    check_pool_name(c, name, len))
			return -1;
		cmd->pool.name = name;
		if (cmd->verb == ROAM_VERB_DEL)
			return cur_end(c, "pool del NAME");
		return cur_keywords(c, "pool add", add_kws,
				    ARRAY_SIZE(add_kws), cmd);
	case ROAM_VERB_SHOW:
		return cur_end(c, "pool show");
	default:
		return cur_error(c, "internal error: pool verb %d", cmd->verb);
	}
}

int roam_cmd_parse_log(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];
	const char *s;
	size_t len;

	if (cur_take(c, "log LEVEL (expected: error, warn, info, debug)",
		     &s, &len))
		return -1;
	if (roam_log_level_parse(s, &cmd->log_level) ||
	    strlen(s) != len) {
		shown_word(w, sizeof(w), s, len);
		return cur_error(c,
				 "unknown log level '%s' (expected: error, warn, info, debug)",
				 w);
	}
	return cur_end(c, "log level LEVEL");
}
