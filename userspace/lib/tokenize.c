// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line tokenizer.  The rules are a small, strict subset of the
 * shell's so that a line typed at a prompt and the same line in
 * roamd.conf mean the same thing, and anything surprising (a stray
 * quote, an unknown escape, a control byte) is refused with its column
 * rather than guessed at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tokenize.h"
#include "util.h"

static __printf(3, 4) int tok_error(char *err, size_t errlen,
				    const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Bytes that have no business in a command: C0 controls and DEL. */
static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

int roam_tokenize(const char *line, size_t len, struct roam_tokens *t,
		  char *err, size_t errlen)
{
	size_t i = 0, out = 0;

	t->argc = 0;
	t->argv[0] = NULL;

	if (len > ROAM_LINE_MAX)
		return tok_error(err, errlen,
				 "line too long (%zu bytes, at most %d)",
				 len, ROAM_LINE_MAX);

	for (;;) {
		size_t start;
		int quoted = 0;
		size_t quote_col = 0;

		while (i < len && is_blank(line[i]))
			i++;
		if (i == len || line[i] == '#')
			break;

		if (t->argc == ROAM_TOK_MAX_ARGS)
			return tok_error(err, errlen,
					 "column %zu: too many words (at most %d)",
					 i + 1, ROAM_TOK_MAX_ARGS);

		start = out;
		t->col[t->argc] = i + 1;

		/* A word runs to the next blank outside quotes. */
		while (i < len) {
			unsigned char c = line[i];

			if (is_control(c))
				return tok_error(err, errlen,
						 "column %zu: control character 0x%02x",
						 i + 1, c);
			if (!quoted && is_blank(c))
				break;
			if (c == '"') {
				quoted = !quoted;
				quote_col = i + 1;
				i++;
				continue;
			}
			if (quoted && c == '\\') {
				unsigned char n;

				if (i + 1 == len)
					break;	/* reported as unterminated */
				n = line[i + 1];
				if (n != '"' && n != '\\')
					return tok_error(err, errlen,
							 "column %zu: unknown escape '\\%c' in quotes (only \\\" and \\\\)",
							 i + 1,
							 is_control(n) ? '?' : n);
				t->store[out++] = n;
				i += 2;
				continue;
			}
			t->store[out++] = c;
			i++;
		}
		if (quoted)
			return tok_error(err, errlen,
					 "column %zu: unterminated quote",
					 quote_col);

		t->len[t->argc] = out - start;
		t->store[out++] = '\0';
		t->argv[t->argc++] = &t->store[start];
	}
	t->argv[t->argc] = NULL;
	return 0;
}

int roam_tokens_from_argv(struct roam_tokens *t, int argc, char **argv,
			  char *err, size_t errlen)
{
	size_t out = 0;
	int i;

	t->argc = 0;
	t->argv[0] = NULL;
	if (argc > ROAM_TOK_MAX_ARGS)
		return tok_error(err, errlen, "too many words (at most %d)",
				 ROAM_TOK_MAX_ARGS);

	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (n > ROAM_LINE_MAX || out + n + 1 > sizeof(t->store))
			return tok_error(err, errlen,
					 "command too long (at most %d bytes)",
					 ROAM_LINE_MAX);
		memcpy(&t->store[out], argv[i], n + 1);
		t->argv[i] = &t->store[out];
		t->len[i] = n;
		t->col[i] = 0;
		out += n + 1;
	}
	t->argc = argc;
	t->argv[argc] = NULL;
	return 0;
}

void roam_tokens_wipe(struct roam_tokens *t)
{
	explicit_bzero(t, sizeof(*t));
}

void roam_lines_init(struct roam_lines *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->lineno = 0;
}

int roam_lines_next(struct roam_lines *it, const char **line, size_t *len)
{
	const char *nl;
	size_t n;

	if (it->pos >= it->len)
		return 0;

	*line = it->buf + it->pos;
	nl = memchr(*line, '\n', it->len - it->pos);
	if (nl) {
		n = nl - *line;
		it->pos += n + 1;
	} else {
		n = it->len - it->pos;
		it->pos = it->len;
	}
	if (n && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	it->lineno++;
	return 1;
}
