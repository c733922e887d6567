// SPDX-License-Identifier: GPL-2.0
/*
 * "group show" and "user show": each policy setting in force and where
 * it came from (default, base, group, user).  Text: "access pptp (group)";
 * JSON: "policy": {"access": {"value": "pptp", "from": "group"}, ...}.
 */
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "policy.h"
#include "policy_show.h"

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

static void add(char *buf, size_t size, const char *fmt, const char *word,
		unsigned int n)
{
	size_t l = strlen(buf);

	if (l < size)
		snprintf(buf + l, size - l, fmt, word, n);
}

static void mask_words(char *buf, size_t size, unsigned int mask,
		       const char *const *names, const unsigned int *bits,
		       size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (mask & bits[i])
			add(buf, size, buf[0] ? ",%s" : "%s", names[i], 0);
	if (!buf[0])
		snprintf(buf, size, "none");
}

/* A run of days as "mon-fri", one day as "mon", every day as "all". */
static void days_word(char *buf, size_t size, uint8_t days)
{
	int a, b;

	if (days == 0x7f) {
		snprintf(buf, size, "all");
		return;
	}
	buf[0] = '\0';
	for (a = 0; a < 7; a = b + 1) {
		if (!(days & (1u << a))) {
			b = a;
			continue;
		}
		for (b = a; b + 1 < 7 && (days & (1u << (b + 1))); b++)
			;
		add(buf, size, buf[0] ? "+%s" : "%s", day_names[a], 0);
		if (b > a)
			add(buf, size, "-%s", day_names[b], 0);
	}
}

static void hours_word(char *buf, size_t size, const struct roam_policy *v)
{
	char d[40];
	unsigned int i;

	buf[0] = '\0';
	if (!v->nhours) {
		snprintf(buf, size, "any");
		return;
	}
	for (i = 0; i < v->nhours; i++) {
		const struct roam_hours *h = &v->hours[i];
		size_t l = strlen(buf);

		days_word(d, sizeof(d), h->days);
		if (l < size)
			snprintf(buf + l, size - l,
				 "%s%s/%02u:%02u-%02u:%02u", i ? "," : "", d,
				 h->start / 60, h->start % 60, h->end / 60,
				 h->end % 60);
	}
}

static void servers_word(char *buf, size_t size, const uint32_t *v,
			 unsigned int n, const char *none)
{
	char a[ROAM_IPV4_STRLEN];
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		roam_ipv4_format(v[i], a);
		add(buf, size, i ? ",%s" : "%s", a, 0);
	}
	if (!n)
		snprintf(buf, size, "%s", none);
}

/* Setting k's value in force, as the command would give it. */
static void value_word(char *buf, size_t size, const struct roam_policy *v,
		       enum roam_pol_setting k)
{
	static const char *const access[] = { "l2tp", "pptp", "ipsec" };
	static const unsigned int access_bits[] = {
		ROAM_ACCESS_L2TP, ROAM_ACCESS_PPTP, ROAM_ACCESS_IPSEC
	};
	static const char *const auth[] = {
		"pap", "chap", "mschapv1", "mschapv2"
	};
	static const unsigned int auth_bits[] = {
		1u << ROAM_PPP_AUTH_PAP, 1u << ROAM_PPP_AUTH_CHAP,
		1u << ROAM_PPP_AUTH_MSCHAPV1, 1u << ROAM_PPP_AUTH_MSCHAPV2
	};
	static const char *const bits[] = { "40", "56", "128" };
	static const unsigned int bit_bits[] = {
		ROAM_MPPE_40, ROAM_MPPE_56, ROAM_MPPE_128
	};
	static const char *const order[] = {
		"?", "client", "server", "user", "pool"
	};
	unsigned int i;

	buf[0] = '\0';
	switch (k) {
	case ROAM_POL_ACCESS:
		mask_words(buf, size, v->access, access, access_bits, 3);
		break;
	case ROAM_POL_PPP_AUTH:
		mask_words(buf, size, v->ppp_auth, auth, auth_bits, 4);
		break;
	case ROAM_POL_ENCRYPTION:
		snprintf(buf, size, "%s",
			 v->encryption == ROAM_MPPE_REQUIRED ? "required" :
							       "optional");
		break;
	case ROAM_POL_MPPE_BITS:
		mask_words(buf, size, v->mppe_bits, bits, bit_bits, 3);
		break;
	case ROAM_POL_MPPE_STATELESS:
		snprintf(buf, size, "%s", v->mppe_stateless ? "on" : "off");
		break;
	case ROAM_POL_LOGINS:
		snprintf(buf, size, "%u", v->logins);
		break;
	case ROAM_POL_LOGINS_OVER:
		snprintf(buf, size, "%s",
			 v->logins_over == ROAM_LOGINS_END_OLDEST ?
			 "end-oldest" : "refuse");
		break;
	case ROAM_POL_IDLE:
		snprintf(buf, size, "%u", v->idle);
		break;
	case ROAM_POL_MAX_CONNECT:
		snprintf(buf, size, "%u", v->max_connect);
		break;
	case ROAM_POL_HOURS:
		hours_word(buf, size, v);
		break;
	case ROAM_POL_POOLS:
		for (i = 0; i < v->npools; i++)
			add(buf, size, i ? ",%s" : "%s", v->pools[i], 0);
		if (!v->npools)
			snprintf(buf, size, "(all)");
		break;
	case ROAM_POL_DNS:
		servers_word(buf, size, v->dns, v->ndns, "(ppp)");
		break;
	case ROAM_POL_WINS:
		servers_word(buf, size, v->wins, v->nwins, "(ppp)");
		break;
	case ROAM_POL_DOMAIN:
		snprintf(buf, size, "%s", v->domain[0] ? v->domain : "(none)");
		break;
	case ROAM_POL_ADDR_ORDER:
		for (i = 0; i < v->naddr_order; i++)
			add(buf, size, i ? ",%s" : "%s",
			    order[v->addr_order[i] <= 4 ? v->addr_order[i] : 0],
			    0);
		break;
	default:
		break;
	}
}

void policy_show(struct roam_print *p, const struct roamd_policy *pol)
{
	char key[32], val[256];
	unsigned int k;
	size_t i;

	rp_open_object(p, "policy");
	rp_text(p, "\n    policy");
	for (k = 0; k < ROAM_POL_COUNT; k++) {
		snprintf(key, sizeof(key), "%s", policy_setting_name(k));
		for (i = 0; key[i]; i++)
			if (key[i] == '-')
				key[i] = '_';
		value_word(val, sizeof(val), &pol->v, k);
		if (k && k % 5 == 0)
			rp_text(p, "\n          ");
		rp_open_object(p, key);
		rp_text(p, " %s", policy_setting_name(k));
		rp_str(p, "value", " %s", val);
		rp_str(p, "from", " (%s)", policy_from_name(pol->from[k]));
		rp_close_object(p);
	}
	rp_close_object(p);
}
