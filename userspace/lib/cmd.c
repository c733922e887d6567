// SPDX-License-Identifier: GPL-2.0
/*
 * The command grammar: objects, their commands, and the helpers every
 * object's parser uses.  Keywords are matched in full only: a prefix
 * that happens to be unique today would silently change meaning when a
 * keyword is added tomorrow.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "cmd_parse.h"

static const char *const obj_names[ROAM_OBJ_COUNT] = {
	[ROAM_OBJ_NONE] = "help",
	[ROAM_OBJ_LINK] = "link",
	[ROAM_OBJ_SESSION] = "session",
	[ROAM_OBJ_MONITOR] = "monitor",
	[ROAM_OBJ_USER] = "user",
	[ROAM_OBJ_POOL] = "pool",
	[ROAM_OBJ_LOG] = "log",
	[ROAM_OBJ_DAEMON] = "daemon",
	[ROAM_OBJ_PSK] = "psk",
	[ROAM_OBJ_IKE] = "ike",
	[ROAM_OBJ_IPSEC] = "ipsec",
	[ROAM_OBJ_L2TP] = "l2tp",
	[ROAM_OBJ_PPP] = "ppp",
	[ROAM_OBJ_PPTP] = "pptp",
	[ROAM_OBJ_GROUP] = "group",
	[ROAM_OBJ_RADIUS] = "radius",
};

static const char *const verb_names[] = {
	[ROAM_VERB_HELP] = "help",
	[ROAM_VERB_ADD] = "add",
	[ROAM_VERB_DEL] = "del",
	[ROAM_VERB_SET] = "set",
	[ROAM_VERB_SHOW] = "show",
	[ROAM_VERB_LEVEL] = "level",
	[ROAM_VERB_MONITOR] = "monitor",
};

/* The commands of each object, in the order help lists them. */
static const enum roam_verb obj_verbs[ROAM_OBJ_COUNT][6] = {
	[ROAM_OBJ_LINK] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SHOW,
			    ROAM_VERB_HELP },
	[ROAM_OBJ_SESSION] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SET,
			       ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_USER] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SET,
			    ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_POOL] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SHOW,
			    ROAM_VERB_HELP },
	[ROAM_OBJ_LOG] = { ROAM_VERB_LEVEL, ROAM_VERB_HELP },
	[ROAM_OBJ_DAEMON] = { ROAM_VERB_SET, ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_PSK] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SHOW,
			   ROAM_VERB_HELP },
	[ROAM_OBJ_IKE] = { ROAM_VERB_SET, ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_IPSEC] = { ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_L2TP] = { ROAM_VERB_SET, ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_PPP] = { ROAM_VERB_SET, ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_PPTP] = { ROAM_VERB_SET, ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_GROUP] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SET,
			     ROAM_VERB_SHOW, ROAM_VERB_HELP },
	[ROAM_OBJ_RADIUS] = { ROAM_VERB_ADD, ROAM_VERB_DEL, ROAM_VERB_SET,
			      ROAM_VERB_SHOW, ROAM_VERB_HELP },
};

static const struct {
	const char *name;
	enum roam_log_level level;
} log_levels[] = {
	{ "error", ROAM_LOG_ERROR },
	{ "warn", ROAM_LOG_WARN },
	{ "info", ROAM_LOG_INFO },
	{ "debug", ROAM_LOG_DEBUG },
};

const char *roam_obj_name(enum roam_obj obj)
{
	return (unsigned int)obj < ROAM_OBJ_COUNT ? obj_names[obj] : "?";
}

const char *roam_verb_name(enum roam_verb verb)
{
	return (unsigned int)verb < ARRAY_SIZE(verb_names) ?
	       verb_names[verb] : "?";
}

const char *roam_kind_name(uint32_t kind)
{
	switch (kind) {
	case 1:	/* ROAM_KIND_L2TP */
		return "l2tp";
	case 2:	/* ROAM_KIND_PPTP */
		return "pptp";
	}
	return "?";
}

const char *roam_state_name(uint32_t state)
{
	switch (state) {
	case 1:	/* ROAM_STATE_DOWN */
		return "down";
	case 2:	/* ROAM_STATE_UP */
		return "up";
	}
	return "?";
}

const char *roam_log_level_name(enum roam_log_level level)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(log_levels); i++)
		if (log_levels[i].level == level)
			return log_levels[i].name;
	return "?";
}

int roam_log_level_parse(const char *s, enum roam_log_level *level)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(log_levels); i++) {
		if (!strcmp(s, log_levels[i].name)) {
			*level = log_levels[i].level;
			return 0;
		}
	}
	return -1;
}

bool roam_cmd_is_roamd(const struct roam_cmd *cmd)
{
	return cmd->obj != ROAM_OBJ_NONE && cmd->obj != ROAM_OBJ_LINK &&
	       cmd->obj != ROAM_OBJ_SESSION && cmd->obj != ROAM_OBJ_MONITOR;
}

/*
 * Quote a word for a message: cut to a readable length and with control
 * bytes replaced, since messages end up in logs and on terminals.
 */
void shown_word(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = len > WORD_SHOWN_MAX ? WORD_SHOWN_MAX : len;

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++) {
		unsigned char ch = s[i];

		buf[i] = (ch < 0x20 || ch == 0x7f) ? '?' : ch;
	}
	buf[n] = '\0';
	if (n < len && n >= 3)
		memcpy(&buf[n - 3], "...", 3);
}

int cur_error(struct roam_cmd_cursor *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Append "a, b, c" to buf from a list of names (NULL entries skipped). */
static void join_names(char *buf, size_t size, const char *const *names,
		       size_t n)
{
	size_t used = 0, i;
	int first = 1;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		int w;

		if (!names[i])
			continue;
		w = snprintf(buf + used, size - used, "%s%s",
			     first ? "" : ", ", names[i]);
		if (w < 0)
			break;
		used += (size_t)w;
		first = 0;
	}
}

int cur_take(struct roam_cmd_cursor *c, const char *what,
	     const char **word, size_t *len)
{
	if (!cur_more(c))
		return cur_error(c, "missing %s", what);
	*word = c->t->argv[c->i];
	*len = c->t->len[c->i];
	c->i++;
	return 0;
}

int cur_end(struct roam_cmd_cursor *c, const char *after)
{
	char w[WORD_SHOWN_MAX + 1];

	if (!cur_more(c))
		return 0;
	shown_word(w, sizeof(w), c->t->argv[c->i], c->t->len[c->i]);
	return cur_error(c, "unexpected '%s' after '%s'", w, after);
}

/* Edit distance, for telling a misspelled keyword from anything else. */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), row[33], i, j;

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static bool may_quote(const struct roam_kw *kws, size_t n, const char *word,
		      size_t len)
{
	bool secret = false;
	size_t k;

	for (k = 0; k < n; k++)
		secret |= kws[k].secret;
	if (!secret)
		return true;
	for (k = 0; k < n; k++)
		if (edit_distance(word, len, kws[k].name) <= 2)
			return true;
	return false;
}

int cur_keywords(struct roam_cmd_cursor *c, const char *what,
		 const struct roam_kw *kws, size_t n, struct roam_cmd *cmd)
{
	unsigned int seen = 0;
	char w[WORD_SHOWN_MAX + 1];
	size_t k;

	while (cur_more(c)) {
		const char *word = c->t->argv[c->i];
		size_t len = c->t->len[c->i];
		const char *val;
		size_t vlen;

		for (k = 0; k < n; k++)
			if (streq_n(word, len, kws[k].name))
				break;
		if (k == n) {
			const char *left[16] = { NULL };
			char list[160];
			size_t j;

			for (j = 0; j < n && j < ARRAY_SIZE(left); j++)
				left[j] = (seen & 1u << j) || roam_policy_kw(&kws[j]) ?
					  NULL : kws[j].name;
			join_names(list, sizeof(list), left, j);
			if (!may_quote(kws, n, word, len))
				return cur_error(c,
						 "%s: unknown keyword at word %d, not shown as it may be a secret (expected: %s)",
						 what, c->i + 1,
						 list[0] ? list : "nothing more");
			shown_word(w, sizeof(w), word, len);
			if (!list[0])
				return cur_error(c, "unexpected '%s' after '%s'",
						 w, what);
			return cur_error(c,
					 "unknown keyword '%s' (expected: %s)",
					 w, list);
		}
		if (seen & 1u << k)
			return cur_error(c, "'%s' given twice", kws[k].name);
		seen |= 1u << k;
		c->i++;
		if (!cur_more(c))
			return cur_error(c, "'%s' needs a value (%s)",
					 kws[k].name, kws[k].placeholder);
		val = c->t->argv[c->i];
		vlen = c->t->len[c->i];
		c->i++;
		if (kws[k].value(c, val, vlen, cmd))
			return -1;
	}
	for (k = 0; k < n; k++)
		if (kws[k].required && !(seen & 1u << k))
			return cur_error(c, "%s: missing '%s %s'", what,
					 kws[k].name, kws[k].placeholder);
	return 0;
}

/* The rules of the kernel's dev_valid_name(). */
int check_ifname(struct roam_cmd_cursor *c, const char *s, size_t len)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t i;

	shown_word(w, sizeof(w), s, len);
	if (len == 0)
		return cur_error(c, "empty interface name");
	if (len > ROAM_IFNAME_MAX)
		return cur_error(c,
				 "interface name '%s' too long (at most %d characters)",
				 w, ROAM_IFNAME_MAX);
	if (streq_n(s, len, ".") || streq_n(s, len, ".."))
		return cur_error(c, "invalid interface name '%s'", w);
	for (i = 0; i < len; i++) {
		unsigned char ch = s[i];

		if (ch == '/' || ch == ':' || ch <= ' ' || ch == 0x7f)
			return cur_error(c,
					 "invalid interface name '%s' (no '/', ':', blanks or control characters)",
					 w);
	}
	return 0;
}

/*
 * Names and passwords: not empty, bounded, no control bytes (the
 * configuration file could not hold them), no NUL.
 */
int check_text(struct roam_cmd_cursor *c, const char *what, const char *s,
	       size_t len, size_t max)
{
	size_t i;

	if (len == 0)
		return cur_error(c, "empty %s", what);
	if (len > max)
		return cur_error(c, "%s too long (%zu bytes, at most %zu)",
				 what, len, max);
	for (i = 0; i < len; i++) {
		unsigned char ch = s[i];

		if (ch < 0x20 || ch == 0x7f)
			return cur_error(c, "%s holds a control character",
					 what);
	}
	return 0;
}

int value_ipv4(struct roam_cmd_cursor *c, const char *s, size_t len,
	       uint32_t *addr)
{
	char w[WORD_SHOWN_MAX + 1];

	if (!roam_ipv4_parse(s, len, addr))
		return 0;
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid IPv4 address '%s'", w);
}

static int parse_verb(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	const enum roam_verb *verbs = obj_verbs[cmd->obj];
	const char *names[ARRAY_SIZE(obj_verbs[0])] = { NULL };
	const char *obj = roam_obj_name(cmd->obj);
	char list[100], w[WORD_SHOWN_MAX + 1];
	const char *word;
	size_t len, i, n = 0;

	/* Entry 0 of each list is a real verb; the rest end at HELP. */
	for (i = 0; i < ARRAY_SIZE(obj_verbs[0]); i++) {
		names[n++] = roam_verb_name(verbs[i]);
		if (verbs[i] == ROAM_VERB_HELP)
			break;
	}
	join_names(list, sizeof(list), names, n);

	if (!cur_more(c))
		return cur_error(c, "'%s' needs a command (expected: %s)",
				 obj, list);
	word = c->t->argv[c->i];
	len = c->t->len[c->i];
	for (i = 0; i < n; i++) {
		if (streq_n(word, len, names[i])) {
			cmd->verb = verbs[i];
			c->i++;
			return 0;
		}
	}
	shown_word(w, sizeof(w), word, len);
	return cur_error(c, "unknown command '%s' for '%s' (expected: %s)",
			 w, obj, list);
}

int roam_cmd_parse(const struct roam_tokens *t, struct roam_cmd *cmd,
		   char *err, size_t errlen)
{
	struct roam_cmd_cursor cur = {
		.t = t, .i = 0, .err = err, .errlen = errlen,
	};
	struct roam_cmd_cursor *c = &cur;
	char list[160], w[WORD_SHOWN_MAX + 1];
	const char *word;
	size_t len;
	int o;

	memset(cmd, 0, sizeof(*cmd));
	join_names(list, sizeof(list), &obj_names[1], ROAM_OBJ_COUNT - 1);

	if (!cur_more(c))
		return cur_error(c, "missing object (expected: %s, help)",
				 list);
	word = t->argv[0];
	len = t->len[0];
	c->i = 1;

	for (o = 0; o < ROAM_OBJ_COUNT; o++)
		if (streq_n(word, len, obj_names[o]))
			break;
	if (o == ROAM_OBJ_COUNT) {
		shown_word(w, sizeof(w), word, len);
		return cur_error(c, "unknown object '%s' (expected: %s, help)",
				 w, list);
	}
	cmd->obj = o;

	if (cmd->obj == ROAM_OBJ_NONE) {
		cmd->verb = ROAM_VERB_HELP;
		return cur_end(c, "help");
	}
	if (cmd->obj == ROAM_OBJ_MONITOR) {
		cmd->verb = ROAM_VERB_MONITOR;
		if (cur_more(c) && streq_n(t->argv[1], t->len[1], "help")) {
			cmd->verb = ROAM_VERB_HELP;
			c->i++;
			return cur_end(c, "monitor help");
		}
		return cur_end(c, "monitor");
	}

	if (parse_verb(c, cmd))
		return -1;
	if (cmd->verb == ROAM_VERB_HELP) {
		snprintf(list, sizeof(list), "%s help", obj_names[o]);
		return cur_end(c, list);
	}

	switch (cmd->obj) {
	case ROAM_OBJ_LINK:
		return roam_cmd_parse_link(c, cmd);
	case ROAM_OBJ_SESSION:
		return roam_cmd_parse_session(c, cmd);
	case ROAM_OBJ_USER:
		return roam_cmd_parse_user(c, cmd);
	case ROAM_OBJ_POOL:
		return roam_cmd_parse_pool(c, cmd);
	case ROAM_OBJ_LOG:
		return roam_cmd_parse_log(c, cmd);
	case ROAM_OBJ_DAEMON:
		return roam_cmd_parse_daemon(c, cmd);
	case ROAM_OBJ_PSK:
		return roam_cmd_parse_psk(c, cmd);
	case ROAM_OBJ_IKE:
		return roam_cmd_parse_ike(c, cmd);
	case ROAM_OBJ_IPSEC:
		return cur_end(c, "ipsec show");
	case ROAM_OBJ_L2TP:
		return roam_cmd_parse_l2tp(c, cmd);
	case ROAM_OBJ_PPP:
		return roam_cmd_parse_ppp(c, cmd);
	case ROAM_OBJ_PPTP:
		return roam_cmd_parse_pptp(c, cmd);
	case ROAM_OBJ_GROUP:
		return roam_cmd_parse_group(c, cmd);
	case ROAM_OBJ_RADIUS:
		return roam_cmd_parse_radius(c, cmd);
	default:
		return cur_error(c, "internal error: object %d", o);
	}
}
