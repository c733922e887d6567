// SPDX-License-Identifier: GPL-2.0
/*
 * Grammar of the group policy: the keywords "group add|set"
 * and "user add|set" share.  Each stores its value in the command's
 * struct roam_policy and marks it given; the value "inherit" marks it
 * cleared instead, so that "group set" and "user set" can hand a setting
 * back to the level above.
 */
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

static struct roam_policy *pol_of(struct roam_cmd *cmd)
{
	return cmd->obj == ROAM_OBJ_GROUP ? &cmd->group.policy :
					    &cmd->user.policy;
}

static uint32_t *clear_of(struct roam_cmd *cmd)
{
	return cmd->obj == ROAM_OBJ_GROUP ? &cmd->group.policy_clear :
					    &cmd->user.policy_clear;
}

static bool word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !memcmp(s, w, len);
}

/* "inherit": the setting goes back to the level above; true if so. */
static bool inherit(struct roam_cmd *cmd, enum roam_pol_setting k,
		    const char *s, size_t len)
{
	if (!word_is(s, len, "inherit"))
		return false;
	*clear_of(cmd) |= 1u << k;
	return true;
}

static void given(struct roam_cmd *cmd, enum roam_pol_setting k)
{
	pol_of(cmd)->set |= 1u << k;
}

/* The next comma-separated item of s[*pos..len); false at the end. */
static bool next_item(const char *s, size_t len, size_t *pos,
		      const char **item, size_t *ilen)
{
	size_t end;

	if (*pos > len)
		return false;
	for (end = *pos; end < len && s[end] != ','; end++)
		;
	*item = s + *pos;
	*ilen = end - *pos;
	*pos = end + 1;
	return true;
}

static int bad_list(struct roam_cmd_cursor *c, const char *what,
		    const char *s, size_t len, const char *expected)
{
	char w[WORD_SHOWN_MAX + 1];

	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid %s '%s' (%s)", what, w, expected);
}

/* A comma-separated set of names, each once, into a mask. */
static int name_mask(struct roam_cmd_cursor *c, const char *what,
		     const char *s, size_t len, const char *const *names,
		     const unsigned int *bits, size_t n, const char *expected,
		     unsigned int *mask)
{
	const char *it;
	size_t pos = 0, ilen, i;

	*mask = 0;
	while (next_item(s, len, &pos, &it, &ilen)) {
		for (i = 0; i < n; i++)
			if (word_is(it, ilen, names[i]))
				break;
		if (i == n || (*mask & bits[i]))
			return bad_list(c, what, s, len, expected);
		*mask |= bits[i];
	}
	return 0;
}

static int pol_access(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	static const char *const names[] = { "l2tp", "pptp", "ipsec" };
	static const unsigned int bits[] = {
		ROAM_ACCESS_L2TP, ROAM_ACCESS_PPTP, ROAM_ACCESS_IPSEC
	};
	unsigned int m;

	if (inherit(cmd, ROAM_POL_ACCESS, s, len))
		return 0;
	if (name_mask(c, "access list", s, len, names, bits, 3,
		      "comma-separated, each once: l2tp, pptp, ipsec", &m))
		return -1;
	pol_of(cmd)->access = m;
	given(cmd, ROAM_POL_ACCESS);
	return 0;
}

static int pol_ppp_auth(struct roam_cmd_cursor *c, const char *s, size_t len,
			struct roam_cmd *cmd)
{
	static const char *const names[] = {
		"pap", "chap", "mschapv1", "mschapv2"
	};
	static const unsigned int bits[] = {
		1u << ROAM_PPP_AUTH_PAP, 1u << ROAM_PPP_AUTH_CHAP,
		1u << ROAM_PPP_AUTH_MSCHAPV1, 1u << ROAM_PPP_AUTH_MSCHAPV2
	};
	unsigned int m;

	if (inherit(cmd, ROAM_POL_PPP_AUTH, s, len))
		return 0;
	if (name_mask(c, "authentication list", s, len, names, bits, 4,
		      "comma-separated, each once: pap, chap, mschapv1, mschapv2",
		      &m))
		return -1;
	pol_of(cmd)->ppp_auth = m;
	given(cmd, ROAM_POL_PPP_AUTH);
	return 0;
}

static int pol_encryption(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	if (inherit(cmd, ROAM_POL_ENCRYPTION, s, len))
		return 0;
	if (word_is(s, len, "required"))
		pol_of(cmd)->encryption = ROAM_MPPE_REQUIRED;
	else if (word_is(s, len, "optional"))
		pol_of(cmd)->encryption = ROAM_MPPE_OPTIONAL;
	else
		return bad_list(c, "encryption setting", s, len,
				"expected: required, optional, inherit");
	given(cmd, ROAM_POL_ENCRYPTION);
	return 0;
}

static int pol_mppe_bits(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	static const char *const names[] = { "40", "56", "128" };
	static const unsigned int bits[] = {
		ROAM_MPPE_40, ROAM_MPPE_56, ROAM_MPPE_128
	};
	unsigned int m;

	if (inherit(cmd, ROAM_POL_MPPE_BITS, s, len))
		return 0;
	if (name_mask(c, "key lengths", s, len, names, bits, 3,
		      "comma-separated, each once: 40, 56, 128", &m))
		return -1;
	pol_of(cmd)->mppe_bits = m;
	given(cmd, ROAM_POL_MPPE_BITS);
	return 0;
}

static int pol_stateless(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	if (inherit(cmd, ROAM_POL_MPPE_STATELESS, s, len))
		return 0;
	if (word_is(s, len, "on"))
		pol_of(cmd)->mppe_stateless = 1;
	else if (word_is(s, len, "off"))
		pol_of(cmd)->mppe_stateless = 0;
	else
		return bad_list(c, "mppe-stateless setting", s, len,
				"expected: on, off, inherit");
	given(cmd, ROAM_POL_MPPE_STATELESS);
	return 0;
}

/* A count or a number of seconds: 0 to 10^6 - 1, or "inherit". */
static int pol_number(struct roam_cmd_cursor *c, struct roam_cmd *cmd,
		      enum roam_pol_setting k, const char *what,
		      const char *s, size_t len, uint32_t *out)
{
	int v;

	if (inherit(cmd, k, s, len))
		return 0;
	if (value_small_number(c, what, s, len, 999999, &v))
		return -1;
	*out = v;
	given(cmd, k);
	return 0;
}

static int pol_logins(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	return pol_number(c, cmd, ROAM_POL_LOGINS, "logins", s, len,
			  &pol_of(cmd)->logins);
}

static int pol_idle(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	return pol_number(c, cmd, ROAM_POL_IDLE, "idle-timeout", s, len,
			  &pol_of(cmd)->idle);
}

static int pol_max_connect(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	return pol_number(c, cmd, ROAM_POL_MAX_CONNECT, "max-connect", s, len,
			  &pol_of(cmd)->max_connect);
}

static int pol_logins_over(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	if (inherit(cmd, ROAM_POL_LOGINS_OVER, s, len))
		return 0;
	if (word_is(s, len, "refuse"))
		pol_of(cmd)->logins_over = ROAM_LOGINS_REFUSE;
	else if (word_is(s, len, "end-oldest"))
		pol_of(cmd)->logins_over = ROAM_LOGINS_END_OLDEST;
	else
		return bad_list(c, "logins-over setting", s, len,
				"expected: refuse, end-oldest, inherit");
	given(cmd, ROAM_POL_LOGINS_OVER);
	return 0;
}

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

static int day_index(const char *s, size_t len)
{
	int i;

	for (i = 0; i < 7; i++)
		if (word_is(s, len, day_names[i]))
			return i;
	return -1;
}

/* "mon", "mon-fri", "sat-sun" (wraps), "all": a mask of days. */
static int parse_days(const char *s, size_t len, uint8_t *mask)
{
	const char *dash = memchr(s, '-', len);
	int a, b;

	if (word_is(s, len, "all")) {
		*mask = 0x7f;
		return 0;
	}
	if (!dash) {
		a = day_index(s, len);
		if (a < 0)
			return -1;
		*mask = 1u << a;
		return 0;
	}
	a = day_index(s, dash - s);
	b = day_index(dash + 1, len - (dash - s) - 1);
	if (a < 0 || b < 0)
		return -1;
	for (*mask = 0;; a = (a + 1) % 7) {
		*mask |= 1u << a;
		if (a == b)
			return 0;
	}
}

/* "HH:MM", 00:00 to 24:00, into minutes. */
static int parse_hhmm(const char *s, size_t len, uint16_t *min)
{
	unsigned int h, m;

	if (len != 5 || s[2] != ':')
		return -1;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	return 0;
}

/* "mon-fri/08:00-18:00" */
static int parse_range(const char *s, size_t len, struct roam_hours *h)
{
	const char *slash = memchr(s, '/', len);
	size_t dlen, rest;

	if (!slash)
		return -1;
	dlen = slash - s;
	rest = len - dlen - 1;
	if (rest != 11 || slash[6] != '-')
		return -1;
	if (parse_days(s, dlen, &h->days) ||
	    parse_hhmm(slash + 1, 5, &h->start) ||
	    parse_hhmm(slash + 7, 5, &h->end) || h->start >= h->end)
		return -1;
	return 0;
}

static int pol_hours(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	struct roam_policy *p = pol_of(cmd);
	const char *it;
	size_t pos = 0, ilen;

	if (inherit(cmd, ROAM_POL_HOURS, s, len))
		return 0;
	p->nhours = 0;
	if (!word_is(s, len, "any")) {
		while (next_item(s, len, &pos, &it, &ilen)) {
			if (p->nhours == ROAM_HOURS_MAX)
				return cur_error(c, "too many access hours ranges (at most %d)",
						 ROAM_HOURS_MAX);
			if (parse_range(it, ilen, &p->hours[p->nhours++]))
				return bad_list(c, "access hours", s, len,
						"expected: any, or comma-separated DAYS/HH:MM-HH:MM, DAYS as mon, mon-fri or all");
		}
	}
	given(cmd, ROAM_POL_HOURS);
	return 0;
}

static int pol_addr_order(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	static const char *const names[] = { "client", "server", "user",
					     "pool" };
	struct roam_policy *p = pol_of(cmd);
	const char *it;
	size_t pos = 0, ilen, i;
	unsigned int seen = 0;

	if (inherit(cmd, ROAM_POL_ADDR_ORDER, s, len))
		return 0;
	p->naddr_order = 0;
	while (next_item(s, len, &pos, &it, &ilen)) {
		for (i = 0; i < 4; i++)
			if (word_is(it, ilen, names[i]))
				break;
		if (i == 4 || (seen & (1u << i)))
			return bad_list(c, "address order", s, len,
					"comma-separated, each once: client, server, user, pool");
		seen |= 1u << i;
		p->addr_order[p->naddr_order++] = ROAM_ADDR_CLIENT + i;
	}
	given(cmd, ROAM_POL_ADDR_ORDER);
	return 0;
}

/* A user's own pools, DNS, WINS and domain (a group has its own words). */
static int pol_pools(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	struct roam_policy *p = pol_of(cmd);
	const char *it;
	size_t pos = 0, ilen;

	if (inherit(cmd, ROAM_POL_POOLS, s, len))
		return 0;
	p->npools = 0;
	while (next_item(s, len, &pos, &it, &ilen)) {
		if (p->npools == ROAM_GROUP_POOLS_MAX)
			return cur_error(c, "too many pools (at most %d)",
					 ROAM_GROUP_POOLS_MAX);
		if (check_pool_name(c, it, ilen))
			return -1;
		memcpy(p->pools[p->npools], it, ilen);
		p->pools[p->npools++][ilen] = '\0';
	}
	given(cmd, ROAM_POL_POOLS);
	return 0;
}

static int pol_servers(struct roam_cmd_cursor *c, struct roam_cmd *cmd,
		   enum roam_pol_setting k, const char *s, size_t len,
		   uint32_t *v, uint8_t *n)
{
	const char *it;
	size_t pos = 0, ilen;

	if (inherit(cmd, k, s, len))
		return 0;
	*n = 0;
	while (next_item(s, len, &pos, &it, &ilen)) {
		if (*n == ROAM_GROUP_SERVERS_MAX)
			return cur_error(c, "too many servers (at most %d)",
					 ROAM_GROUP_SERVERS_MAX);
		if (value_ipv4(c, it, ilen, &v[(*n)++]))
			return -1;
	}
	given(cmd, k);
	return 0;
}

static int pol_dns(struct roam_cmd_cursor *c, const char *s, size_t len,
		   struct roam_cmd *cmd)
{
	struct roam_policy *p = pol_of(cmd);

	return pol_servers(c, cmd, ROAM_POL_DNS, s, len, p->dns, &p->ndns);
}

static int pol_wins(struct roam_cmd_cursor *c, const char *s, size_t len,
		    struct roam_cmd *cmd)
{
	struct roam_policy *p = pol_of(cmd);

	return pol_servers(c, cmd, ROAM_POL_WINS, s, len, p->wins, &p->nwins);
}

static int pol_domain(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	size_t i;

	if (inherit(cmd, ROAM_POL_DOMAIN, s, len))
		return 0;
	if (check_text(c, "domain", s, len, ROAM_GROUP_DOMAIN_MAX))
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '"' || s[i] == '\'')
			return cur_error(c, "domain holds a blank or a quote");
	memcpy(pol_of(cmd)->domain, s, len);
	pol_of(cmd)->domain[len] = '\0';
	given(cmd, ROAM_POL_DOMAIN);
	return 0;
}

const struct roam_kw roam_policy_kws[ROAM_POLICY_NKWS] = {
	{ "access", "METHODS", false, false, pol_access },
	{ "ppp-auth", "PPPAUTH", false, false, pol_ppp_auth },
	{ "encryption", "ENCRYPTION", false, false, pol_encryption },
	{ "mppe-bits", "BITS", false, false, pol_mppe_bits },
	{ "mppe-stateless", "ONOFF", false, false, pol_stateless },
	{ "logins", "COUNT", false, false, pol_logins },
	{ "logins-over", "OVER", false, false, pol_logins_over },
	{ "idle-timeout", "SECONDS", false, false, pol_idle },
	{ "max-connect", "SECONDS", false, false, pol_max_connect },
	{ "hours", "HOURS", false, false, pol_hours },
	{ "address-order", "ORDER", false, false, pol_addr_order },
};

const struct roam_kw roam_policy_addr_kws[ROAM_POLICY_ADDR_NKWS] = {
	{ "pool", "POOLS", false, false, pol_pools },
	{ "dns", "SERVERS", false, false, pol_dns },
	{ "wins", "SERVERS", false, false, pol_wins },
	{ "domain", "DOMAIN", false, false, pol_domain },
};

bool roam_policy_kw(const struct roam_kw *k)
{
	size_t i;

	for (i = 0; i < ROAM_POLICY_NKWS; i++)
		if (k->value == roam_policy_kws[i].value)
			return true;
	for (i = 0; i < ROAM_POLICY_ADDR_NKWS; i++)
		if (k->value == roam_policy_addr_kws[i].value)
			return true;
	return false;
}
