/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line tokenizer: the configuration file is a batch of roam
 * commands, one a line.  Input is a counted buffer that need not be
 * NUL-terminated; the output tokens are NUL-terminated copies.
 */
#ifndef ROAM_TOKENIZE_H
#define ROAM_TOKENIZE_H

#include <stddef.h>

#define ROAM_TOK_MAX_ARGS	64
#define ROAM_LINE_MAX		4096

struct roam_tokens {
	int argc;
	/* NULL-terminated; each word points into store and is NUL-terminated */
	char *argv[ROAM_TOK_MAX_ARGS + 1];
	size_t len[ROAM_TOK_MAX_ARGS];
	/* 1-based column where each word starts, for error messages */
	unsigned int col[ROAM_TOK_MAX_ARGS];
	/* words are never longer than their source, plus one NUL each */
	char store[ROAM_LINE_MAX + ROAM_TOK_MAX_ARGS];
};

/*
 * Split one line (without its newline) into words.  Words are separated
 * by blanks; double quotes group blanks into a word ("a b"), and inside
 * quotes \" and \\ stand for " and \.  A '#' that starts a word starts a
 * comment up to the end of the line.  Control characters are refused.
 * Returns 0, or -1 with a message in err (which names the column).
 */
int roam_tokenize(const char *line, size_t len, struct roam_tokens *t,
		  char *err, size_t errlen);

/* Copy an argv[] (from main) into tokens, with the same limits. */
int roam_tokens_from_argv(struct roam_tokens *t, int argc, char **argv,
			  char *err, size_t errlen);

/* Wipe the tokens: they may hold a password. */
void roam_tokens_wipe(struct roam_tokens *t);

/* Iterate over the lines of a counted buffer. */
struct roam_lines {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned int lineno;	/* number of the line last returned */
};

void roam_lines_init(struct roam_lines *it, const char *buf, size_t len);

/*
 * Give the next line, without "\n" or "\r\n".  Returns 1 with *line and
 * *len set, 0 at the end of the buffer.
 */
int roam_lines_next(struct roam_lines *it, const char **line, size_t *len);

#endif /* ROAM_TOKENIZE_H */
