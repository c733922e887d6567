// SPDX-License-Identifier: GPL-2.0
/*
 * Grammar of roamd's VPN objects: pre-shared keys (psk), IKE settings
 * (ike), the IPsec SA list (ipsec), L2TP (l2tp) and PPP settings (ppp).
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

#define ROAM_PSK_MAX	255

static int psk_peer(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	if (len == 3 && !memcmp(s, "any", 3)) {
		cmd->psk.any = true;
		return 0;
	}
	return value_ipv4(c, s, len, &cmd->psk.peer);
}

static int psk_secret(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	if (check_text(c, "secret", s, len, ROAM_PSK_MAX))
		return -1;
	cmd->psk.secret = s;
	cmd->psk.secret_len = len;
	return 0;
}

static int psk_group(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	if (check_pool_name(c, s, len))
		return -1;
	cmd->psk.group = s;
	return 0;
}

int roam_cmd_parse_psk(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw add_kws[] = {
		{ "peer", "PEER", true, false, psk_peer },
		{ "secret", "SECRET", true, true, psk_secret },
		{ "group", "GROUP", false, false, psk_group },
	};
	static const struct roam_kw del_kws[] = {
		{ "peer", "PEER", true, false, psk_peer },
	};

	switch (cmd->verb) {
	case ROAM_VERB_ADD:
		return cur_keywords(c, "psk add", add_kws,
				    ARRAY_SIZE(add_kws), cmd);
	case ROAM_VERB_DEL:
		return cur_keywords(c, "psk del", del_kws,
				    ARRAY_SIZE(del_kws), cmd);
	default:
		return cur_end(c, "psk show");
	}
}

/* A word among a fixed set of choices, as its index in the list. */
static int choice(struct roam_cmd_cursor *c, const char *what,
		  const char *s, size_t len, const char *const *names,
		  size_t n)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(s, names[i], len))
			return (int)i;
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "unknown %s '%s' (expected: %s | %s)", what, w,
			 names[0], names[1]);
}

static int l2tp_ipsec(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	static const char *const names[] = { "none", "required" };
	int v = choice(c, "ipsec setting", s, len, names, 2);

	if (v < 0)
		return -1;
	cmd->l2tp.ipsec_required = v;
	return 0;
}

static int l2tp_setup_limit(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "setup limit", s, len, 65535,
				  &cmd->l2tp.setup_limit);
}

int roam_cmd_parse_l2tp(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw kws[] = {
		{ "ipsec", "IPSEC", false, false, l2tp_ipsec },
		{ "setup-limit", "COUNT", false, false, l2tp_setup_limit },
	};

	cmd->l2tp.ipsec_required = -1;
	cmd->l2tp.setup_limit = -1;
	if (cmd->verb != ROAM_VERB_SET)
		return cur_end(c, "l2tp show");
	if (!cur_more(c))
		return cur_error(c, "l2tp set: nothing to set (expected: ipsec, setup-limit)");
	return cur_keywords(c, "l2tp set", kws, ARRAY_SIZE(kws), cmd);
}

static int ppp_addr(struct roam_cmd_cursor *c, const char *s, size_t len,
		    uint32_t *out, bool *has)
{
	if (len == 4 && !memcmp(s, "none", 4)) {
		*out = 0;
		*has = true;
		return 0;
	}
	if (value_ipv4(c, s, len, out))
		return -1;
	*has = true;
	return 0;
}

static int ppp_dns(struct roam_cmd_cursor *c, const char *s, size_t len,
		   struct roam_cmd *cmd)
{
	return ppp_addr(c, s, len, &cmd->ppp.dns[0], &cmd->ppp.has_dns[0]);
}

static int ppp_dns2(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	return ppp_addr(c, s, len, &cmd->ppp.dns[1], &cmd->ppp.has_dns[1]);
}

static int ppp_wins(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	return ppp_addr(c, s, len, &cmd->ppp.wins[0], &cmd->ppp.has_wins[0]);
}

static int ppp_wins2(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return ppp_addr(c, s, len, &cmd->ppp.wins[1], &cmd->ppp.has_wins[1]);
}

static int ppp_local(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return ppp_addr(c, s, len, &cmd->ppp.local, &cmd->ppp.has_local);
}

int value_small_number(struct roam_cmd_cursor *c, const char *what,
		       const char *s, size_t len, int max, int *out)
{
	char w[WORD_SHOWN_MAX + 1];
	int v = 0;
	size_t i;

	for (i = 0; i < len && len <= 6; i++) {
		if (s[i] < '0' || s[i] > '9')
			break;
		v = v * 10 + (s[i] - '0');
	}
	if (!len || i != len || v > max) {
		shown_word(w, sizeof(w), s, len);
		return cur_error(c, "invalid %s '%s' (0 to %d)", what, w, max);
	}
	*out = v;
	return 0;
}

static int ike_weak(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	static const char *const names[] = { "deny", "allow" };
	int v = choice(c, "weak setting", s, len, names, 2);

	if (v < 0)
		return -1;
	cmd->ike.allow_weak = v;
	return 0;
}

static int ike_dpd_interval(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "DPD interval", s, len, 3600,
			    &cmd->ike.dpd_interval);
}

static int ike_dpd_timeout(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "DPD timeout", s, len, 86400,
			    &cmd->ike.dpd_timeout);
}

static int ike_setup_limit(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "setup limit", s, len, 65535,
				  &cmd->ike.setup_limit);
}

int roam_cmd_parse_ike(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw kws[] = {
		{ "weak", "WEAK", false, false, ike_weak },
		{ "dpd-interval", "SECONDS", false, false, ike_dpd_interval },
		{ "dpd-timeout", "SECONDS", false, false, ike_dpd_timeout },
		{ "setup-limit", "COUNT", false, false, ike_setup_limit },
	};

	cmd->ike.allow_weak = -1;
	cmd->ike.dpd_interval = -1;
	cmd->ike.dpd_timeout = -1;
	cmd->ike.setup_limit = -1;
	if (cmd->verb != ROAM_VERB_SET)
		return cur_end(c, "ike show");
	if (!cur_more(c))
		return cur_error(c, "ike set: nothing to set (expected: weak, dpd-interval, dpd-timeout, setup-limit)");
	return cur_keywords(c, "ike set", kws, ARRAY_SIZE(kws), cmd);
}

static int ppp_echo_interval(struct roam_cmd_cursor *c, const char *s,
			     size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "echo interval", s, len, 3600,
			    &cmd->ppp.echo_interval);
}

static int ppp_echo_failures(struct roam_cmd_cursor *c, const char *s,
			     size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "echo failures", s, len, 100,
			    &cmd->ppp.echo_failures);
}

static const char *const ppp_auth_names[] = {
	[ROAM_PPP_AUTH_PAP] = "pap",
	[ROAM_PPP_AUTH_CHAP] = "chap",
	[ROAM_PPP_AUTH_MSCHAPV2] = "mschapv2",
	[ROAM_PPP_AUTH_MSCHAPV1] = "mschapv1",
};

const char *roam_ppp_auth_name(unsigned int auth)
{
	return auth < ARRAY_SIZE(ppp_auth_names) && ppp_auth_names[auth] ?
	       ppp_auth_names[auth] : "?";
}

/* "mschapv2,chap": the methods to ask for, best first. */
static int ppp_auth(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t start = 0, end, m;
	int i;

	while (start <= len) {
		for (end = start; end < len && s[end] != ','; end++)
			;
		for (m = 1; m < ARRAY_SIZE(ppp_auth_names); m++)
			if (strlen(ppp_auth_names[m]) == end - start &&
			    !memcmp(s + start, ppp_auth_names[m], end - start))
				break;
		if (m == ARRAY_SIZE(ppp_auth_names) ||
		    cmd->ppp.nauth == ROAM_PPP_AUTH_MAX)
			goto bad;
		for (i = 0; i < cmd->ppp.nauth; i++)
			if (cmd->ppp.auth[i] == m)
				goto bad;
		cmd->ppp.auth[cmd->ppp.nauth++] = m;
		start = end + 1;
	}
	return 0;
bad:
	shown_word(w, sizeof(w), s, len);
	return cur_error(c,
			 "invalid authentication list '%s' (comma-separated, each once: pap, chap, mschapv1, mschapv2)",
			 w);
}

static int ppp_auth_source(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	return value_auth_source(c, s, len, &cmd->ppp.auth_source);
}

int roam_cmd_parse_ppp(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw kws[] = {
		{ "local", "IPV4", false, false, ppp_local },
		{ "dns", "IPV4", false, false, ppp_dns },
		{ "dns2", "IPV4", false, false, ppp_dns2 },
		{ "wins", "IPV4", false, false, ppp_wins },
		{ "wins2", "IPV4", false, false, ppp_wins2 },
		{ "echo-interval", "SECONDS", false, false, ppp_echo_interval },
		{ "echo-failures", "COUNT", false, false, ppp_echo_failures },
		{ "auth", "METHODS", false, false, ppp_auth },
		{ "auth-source", "SOURCE", false, false, ppp_auth_source },
	};

	cmd->ppp.auth_source = -1;
	cmd->ppp.echo_interval = -1;
	cmd->ppp.echo_failures = -1;
	if (cmd->verb != ROAM_VERB_SET)
		return cur_end(c, "ppp show");
	if (!cur_more(c))
		return cur_error(c, "ppp set: nothing to set (expected: local, dns, dns2, wins, wins2, echo-interval, echo-failures, auth, auth-source)");
	return cur_keywords(c, "ppp set", kws, ARRAY_SIZE(kws), cmd);
}
