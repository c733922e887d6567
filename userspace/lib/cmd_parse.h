/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the per-object grammar files (cmd_*.c). */
#ifndef ROAM_CMD_PARSE_H
#define ROAM_CMD_PARSE_H

#include "cmd.h"
#include "util.h"

/*
 * A keyword that takes one value.  The value handler checks the value and
 * stores it in cmd; it reports its own error through cur_error().
 */
struct roam_kw {
	const char *name;
	const char *placeholder;	/* as in the help text: PASS, IPV4 */
	bool required;
	/* its value is a secret: see cur_keywords() */
	bool secret;
	int (*value)(struct roam_cmd_cursor *c, const char *val, size_t len,
		     struct roam_cmd *cmd);
};

/* Longest part of a word quoted in a message. */
#define WORD_SHOWN_MAX	40

/*
 * Copy a word for a message: cut to WORD_SHOWN_MAX and with control bytes
 * replaced, since messages end up in logs and on terminals.
 */
void shown_word(char *buf, size_t size, const char *s, size_t len);

__printf(2, 3) int cur_error(struct roam_cmd_cursor *c, const char *fmt, ...);

static inline bool cur_more(const struct roam_cmd_cursor *c)
{
	return c->i < c->t->argc;
}

/* The next word, which must exist; "what" names it for the message. */
int cur_take(struct roam_cmd_cursor *c, const char *what,
	     const char **word, size_t *len);

/* Fail if any word is left; "after" names the command for the message. */
int cur_end(struct roam_cmd_cursor *c, const char *after);

/*
 * Parse "KEYWORD VALUE" pairs in any order until the words run out.
 * Each keyword at most once; every required one must be there.
 * "what" ("user add") prefixes the message about a missing keyword.
 * When a keyword's value is a secret, an unknown word may be that secret
 * given without its keyword (roamd logs configuration errors), so it is
 * quoted only when it looks like a misspelled keyword.
 */
int cur_keywords(struct roam_cmd_cursor *c, const char *what,
		 const struct roam_kw *kws, size_t n, struct roam_cmd *cmd);

/* Value checkers that print a message naming the value. */
int check_ifname(struct roam_cmd_cursor *c, const char *s, size_t len);
int check_text(struct roam_cmd_cursor *c, const char *what, const char *s,
	       size_t len, size_t max);
int value_ipv4(struct roam_cmd_cursor *c, const char *s, size_t len,
	       uint32_t *addr);

int roam_cmd_parse_link(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_session(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_user(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_pool(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_daemon(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_log(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_psk(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_ike(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_l2tp(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_ppp(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_pptp(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
/* A decimal number from 0 to max (at most 6 digits) into *out. */
int value_small_number(struct roam_cmd_cursor *c, const char *what,
		       const char *s, size_t len, int max, int *out);
int roam_cmd_parse_group(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
int roam_cmd_parse_radius(struct roam_cmd_cursor *c, struct roam_cmd *cmd);
/* "local" or "radius" into *out (enum roam_auth_source). */
int value_auth_source(struct roam_cmd_cursor *c, const char *s, size_t len,
		      int *out);
/* Pool names: letters, digits, '-', '_', '.' (cmd_roamd.c). */
int check_pool_name(struct roam_cmd_cursor *c, const char *s, size_t len);

/* The group policy's keywords (cmd_policy.c), shared by group and user. */
#define ROAM_POLICY_NKWS	11
#define ROAM_POLICY_ADDR_NKWS	4
extern const struct roam_kw roam_policy_kws[ROAM_POLICY_NKWS];
/* pool, dns, wins, domain: a user's (a group has its own words) */
extern const struct roam_kw roam_policy_addr_kws[ROAM_POLICY_ADDR_NKWS];
/* One of those: left out of "expected: ..." lists (help has them). */
bool roam_policy_kw(const struct roam_kw *k);

#endif /* ROAM_CMD_PARSE_H */
