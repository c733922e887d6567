// SPDX-License-Identifier: GPL-2.0
/*
 * Grammar of "group": remote-access groups for IKEv1 clients of the Cisco
 * VPN Client / vpnc kind (an ASA's tunnel-group with its group-policy):
 * the group's pre-shared key, how its users authenticate and what their
 * clients are given by Mode-Config.
 */
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

#define ROAM_GROUP_PSK_MAX	255

static int on_off(struct roam_cmd_cursor *c, const char *what,
		  const char *s, size_t len, int *out)
{
	char w[WORD_SHOWN_MAX + 1];

	if (len == 2 && !memcmp(s, "on", 2)) {
		*out = 1;
		return 0;
	}
	if (len == 3 && !memcmp(s, "off", 3)) {
		*out = 0;
		return 0;
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid %s setting '%s' (expected: on | off)",
			 what, w);
}

/*
 * Calls one(c, item, item_len, i, cmd) for each comma-separated item of
 * s, at most max of them; "what" names the list in messages.
 */
static int each_item(struct roam_cmd_cursor *c, const char *what,
		     const char *s, size_t len, unsigned int max,
		     unsigned int *count, struct roam_cmd *cmd,
		     int (*one)(struct roam_cmd_cursor *c, const char *s,
				size_t len, unsigned int i,
				struct roam_cmd *cmd))
{
	size_t start = 0, end;
	unsigned int n = 0;

	while (start <= len) {
		for (end = start; end < len && s[end] != ','; end++)
			;
		if (end == start)
			return cur_error(c, "empty item in the %s list", what);
		if (n == max)
			return cur_error(c, "too many %s (at most %u)", what,
					 max);
		if (one(c, s + start, end - start, n, cmd))
			return -1;
		n++;
		start = end + 1;
	}
	*count = n;
	return 0;
}

static int group_psk(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (check_text(c, "pre-shared key", s, len, ROAM_GROUP_PSK_MAX))
		return -1;
	cmd->group.psk = s;
	cmd->group.psk_len = len;
	return 0;
}

static int group_aggressive(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return on_off(c, "aggressive", s, len, &cmd->group.aggressive);
}

static int group_xauth(struct roam_cmd_cursor *c, const char *s, size_t len,
		       struct roam_cmd *cmd)
{
	return on_off(c, "xauth", s, len, &cmd->group.xauth);
}

static int group_push(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	return on_off(c, "push", s, len, &cmd->group.push);
}

static int group_save_password(struct roam_cmd_cursor *c, const char *s,
			       size_t len, struct roam_cmd *cmd)
{
	return on_off(c, "save-password", s, len,
		      &cmd->group.save_password);
}

static int group_auth_source(struct roam_cmd_cursor *c, const char *s,
			     size_t len, struct roam_cmd *cmd)
{
	return value_auth_source(c, s, len, &cmd->group.auth_source);
}

static int group_pfs(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return on_off(c, "pfs", s, len, &cmd->group.pfs);
}

static int one_pool(struct roam_cmd_cursor *c, const char *s, size_t len,
		    unsigned int i, struct roam_cmd *cmd)
{
	unsigned int j;

	if (check_pool_name(c, s, len))
		return -1;
	memcpy(cmd->group.pools[i], s, len);
	cmd->group.pools[i][len] = '\0';
	for (j = 0; j < i; j++)
		if (!strcmp(cmd->group.pools[j], cmd->group.pools[i]))
			return cur_error(c, "pool '%s' named twice",
					 cmd->group.pools[i]);
	return 0;
}

static int group_pool(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	return each_item(c, "pools", s, len, ROAM_GROUP_POOLS_MAX,
			 &cmd->group.npools, cmd, one_pool);
}

static int one_dns(struct roam_cmd_cursor *c, const char *s, size_t len,
		   unsigned int i, struct roam_cmd *cmd)
{
	return value_ipv4(c, s, len, &cmd->group.dns[i]);
}

static int group_dns(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return each_item(c, "DNS servers", s, len, ROAM_GROUP_SERVERS_MAX,
			 &cmd->group.ndns, cmd, one_dns);
}

static int one_wins(struct roam_cmd_cursor *c, const char *s, size_t len,
		    unsigned int i, struct roam_cmd *cmd)
{
	return value_ipv4(c, s, len, &cmd->group.wins[i]);
}

static int group_wins(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	return each_item(c, "WINS servers", s, len, ROAM_GROUP_SERVERS_MAX,
			 &cmd->group.nwins, cmd, one_wins);
}

/* "172.16.1.0/24": a network with its host bits zero. */
static int one_split(struct roam_cmd_cursor *c, const char *s, size_t len,
		     unsigned int i, struct roam_cmd *cmd)
{
	struct roam_ipv4_net *n = &cmd->group.split[i];
	char w[WORD_SHOWN_MAX + 1];
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	unsigned int prefix = 32;
	size_t k;

	shown_word(w, sizeof(w), s, len);
	if (roam_ipv4_parse(s, alen, &n->addr))
		return cur_error(c, "invalid network '%s' (expected: IPV4/PREFIX)",
				 w);
	if (slash) {
		k = alen + 1;
		if (k == len || len - k > 2)
			return cur_error(c, "invalid prefix length in '%s' (0 to 32)",
					 w);
		for (prefix = 0; k < len; k++) {
			if (s[k] < '0' || s[k] > '9')
				return cur_error(c, "invalid prefix length in '%s' (0 to 32)",
						 w);
			prefix = prefix * 10 + (s[k] - '0');
		}
		if (prefix > 32)
			return cur_error(c, "invalid prefix length in '%s' (0 to 32)",
					 w);
	}
	if (prefix < 32 && (n->addr & (0xffffffffu >> prefix)))
		return cur_error(c, "network '%s' has host bits set", w);
	n->prefix = prefix;
	return 0;
}

static int group_split(struct roam_cmd_cursor *c, const char *s, size_t len,
		       struct roam_cmd *cmd)
{
	return each_item(c, "split networks", s, len, ROAM_GROUP_SPLIT_MAX,
			 &cmd->group.nsplit, cmd, one_split);
}

static int group_domain(struct roam_cmd_cursor *c, const char *s, size_t len,
			struct roam_cmd *cmd)
{
	size_t i;

	if (check_text(c, "domain", s, len, ROAM_GROUP_DOMAIN_MAX))
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '"' || s[i] == '\'')
			return cur_error(c, "domain holds a blank or a quote");
	cmd->group.domain = s;
	cmd->group.domain_len = len;
	return 0;
}

static int group_banner(struct roam_cmd_cursor *c, const char *s, size_t len,
			struct roam_cmd *cmd)
{
	size_t i;

	if (check_text(c, "banner", s, len, ROAM_GROUP_BANNER_MAX))
		return -1;
	/* saved as one quoted word: a quote inside would end it */
	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\')
			return cur_error(c, "banner holds a '\"' or a '\\'");
	cmd->group.banner = s;
	cmd->group.banner_len = len;
	return 0;
}

int roam_cmd_parse_group(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw own_kws[] = {
		{ "psk", "SECRET", true, true, group_psk },
		{ "aggressive", "ONOFF", false, false, group_aggressive },
		{ "xauth", "ONOFF", false, false, group_xauth },
		{ "push", "ONOFF", false, false, group_push },
		{ "pool", "POOLS", false, false, group_pool },
		{ "dns", "SERVERS", false, false, group_dns },
		{ "wins", "SERVERS", false, false, group_wins },
		{ "domain", "DOMAIN", false, false, group_domain },
		{ "split", "NETS", false, false, group_split },
		{ "banner", "TEXT", false, false, group_banner },
		{ "save-password", "ONOFF", false, false, group_save_password },
		{ "pfs", "ONOFF", false, false, group_pfs },
		{ "auth-source", "SOURCE", false, false, group_auth_source },
	};
	struct roam_kw kws[ARRAY_SIZE(own_kws) + ROAM_POLICY_NKWS];
	const char *name;
	size_t len;

	memcpy(kws, own_kws, sizeof(own_kws));
	memcpy(kws + ARRAY_SIZE(own_kws), roam_policy_kws,
	       sizeof(roam_policy_kws));
	cmd->group.aggressive = -1;
	cmd->group.xauth = -1;
	cmd->group.push = -1;
	cmd->group.save_password = -1;
	cmd->group.pfs = -1;
	cmd->group.auth_source = -1;
	switch (cmd->verb) {
	case ROAM_VERB_ADD:
	case ROAM_VERB_DEL:
	case ROAM_VERB_SET:
		if (cur_take(c, "group NAME", &name, &len) ||
		    check_pool_name(c, name, len))
			return -1;
		if (len > ROAM_GROUP_NAME_MAX)
			return cur_error(c, "group name too long (at most %d bytes)",
					 ROAM_GROUP_NAME_MAX);
		cmd->group.name = name;
		if (cmd->verb == ROAM_VERB_DEL)
			return cur_end(c, "group del NAME");
		if (cmd->verb == ROAM_VERB_SET) {
			/* a change: the key too is optional */
			kws[0].required = false;
			if (!cur_more(c))
				return cur_error(c, "group set: nothing to set");
			return cur_keywords(c, "group set", kws,
					    ARRAY_SIZE(kws), cmd);
		}
		return cur_keywords(c, "group add", kws, ARRAY_SIZE(kws), cmd);
	case ROAM_VERB_SHOW:
		if (!cur_more(c))
			return cur_end(c, "group show");
		if (cur_take(c, "group NAME", &name, &len) ||
		    check_pool_name(c, name, len))
			return -1;
		cmd->group.name = name;
		return cur_end(c, "group show NAME");
	default:
		return cur_error(c, "internal error: group verb %d", cmd->verb);
	}
}
