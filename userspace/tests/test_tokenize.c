// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "test.h"
#include "tokenize.h"

static struct roam_tokens t;
static char err[256];

static int tok(const char *s)
{
	err[0] = '\0';
	return roam_tokenize(s, strlen(s), &t, err, sizeof(err));
}

static void words(void)
{
	CHECK_INT(tok("user  add\talice"), 0);
	CHECK_INT(t.argc, 3);
	CHECK_STR(t.argv[0], "user");
	CHECK_STR(t.argv[1], "add");
	CHECK_STR(t.argv[2], "alice");
	CHECK_INT(t.len[2], 5);
	CHECK_INT(t.col[2], 11);
	CHECK(t.argv[3] == NULL);

	CHECK_INT(tok(""), 0);
	CHECK_INT(t.argc, 0);
	CHECK_INT(tok("   \t "), 0);
	CHECK_INT(t.argc, 0);
}

static void quotes(void)
{
	CHECK_INT(tok("password \"two words\" x"), 0);
	CHECK_INT(t.argc, 3);
	CHECK_STR(t.argv[1], "two words");
	CHECK_INT(t.len[1], 9);

	/* quoted and bare parts of one word join, as in the shell */
	CHECK_INT(tok("ab\"c d\"e"), 0);
	CHECK_INT(t.argc, 1);
	CHECK_STR(t.argv[0], "abc de");

	CHECK_INT(tok("a \"\" b"), 0);
	CHECK_INT(t.argc, 3);
	CHECK_STR(t.argv[1], "");
	CHECK_INT(t.len[1], 0);
}

static void escapes(void)
{
	CHECK_INT(tok("\"say \\\"hi\\\" \\\\o/\""), 0);
	CHECK_STR(t.argv[0], "say \"hi\" \\o/");

	/* outside quotes a backslash is an ordinary byte */
	CHECK_INT(tok("DOMAIN\\user"), 0);
	CHECK_STR(t.argv[0], "DOMAIN\\user");

	CHECK_INT(tok("\"a\\nb\""), -1);
	CHECK_HAS(err, "column 3");
	CHECK_HAS(err, "unknown escape");

	/* a backslash at the very end cannot close the quote */
	CHECK_INT(tok("\"abc\\"), -1);
	CHECK_HAS(err, "unterminated quote");
}

static void comments(void)
{
	CHECK_INT(tok("# whole line"), 0);
	CHECK_INT(t.argc, 0);
	CHECK_INT(tok("user show # trailing"), 0);
	CHECK_INT(t.argc, 2);
	CHECK_INT(tok("pass#word"), 0);
	CHECK_STR(t.argv[0], "pass#word");
	CHECK_INT(tok("\"#not a comment\""), 0);
	CHECK_STR(t.argv[0], "#not a comment");
	CHECK_INT(tok("a #\"unterminated in a comment"), 0);
	CHECK_INT(t.argc, 1);
}

static void malformed(void)
{
	CHECK_INT(tok("user add \"alice"), -1);
	CHECK_HAS(err, "column 10: unterminated quote");

	CHECK_INT(tok("a\x01" "b"), -1);
	CHECK_HAS(err, "column 2: control character 0x01");
	CHECK_INT(tok("a\x7f"), -1);
	CHECK_INT(tok("\"in\rquote\""), -1);
	CHECK_HAS(err, "0x0d");
}

static void explicit_length(void)
{
	/* the input is not NUL-terminated: only len bytes count */
	char buf[] = { 'u', 's', 'e', 'r', ' ', 's', 'h', 'o', 'w',
		       'X', 'Y', 'Z' };

	CHECK_INT(roam_tokenize(buf, 9, &t, err, sizeof(err)), 0);
	CHECK_INT(t.argc, 2);
	CHECK_STR(t.argv[1], "show");

	/* an embedded NUL is a control character, not an end */
	CHECK_INT(roam_tokenize("ab\0cd", 5, &t, err, sizeof(err)), -1);
	CHECK_HAS(err, "column 3");

	/* a quote cut by the length is unterminated */
	CHECK_INT(roam_tokenize("\"ab\"", 3, &t, err, sizeof(err)), -1);
	CHECK_INT(roam_tokenize("x", 0, &t, err, sizeof(err)), 0);
	CHECK_INT(t.argc, 0);
}

static void limits(void)
{
	char *big = malloc(ROAM_LINE_MAX + 2);
	int i;

	memset(big, 'a', ROAM_LINE_MAX + 1);
	CHECK_INT(roam_tokenize(big, ROAM_LINE_MAX, &t, err, sizeof(err)), 0);
	CHECK_INT(t.len[0], ROAM_LINE_MAX);
	CHECK_INT(roam_tokenize(big, ROAM_LINE_MAX + 1, &t, err,
				sizeof(err)), -1);
	CHECK_HAS(err, "line too long");

	/* as many words as allowed, then one more */
	for (i = 0; i < 2 * (ROAM_TOK_MAX_ARGS + 1); i += 2) {
		big[i] = 'w';
		big[i + 1] = ' ';
	}
	CHECK_INT(roam_tokenize(big, 2 * ROAM_TOK_MAX_ARGS, &t, err,
				sizeof(err)), 0);
	CHECK_INT(t.argc, ROAM_TOK_MAX_ARGS);
	CHECK_INT(roam_tokenize(big, 2 * ROAM_TOK_MAX_ARGS + 1, &t, err,
				sizeof(err)), -1);
	CHECK_HAS(err, "too many words");
	free(big);
}

static void lines(void)
{
	const char buf[] = "one\r\n\ntwo three\nlast";
	struct roam_lines it;
	const char *line;
	size_t len;

	roam_lines_init(&it, buf, sizeof(buf) - 1);
	CHECK_INT(roam_lines_next(&it, &line, &len), 1);
	CHECK_INT(len, 3);
	CHECK(!memcmp(line, "one", 3));
	CHECK_INT(it.lineno, 1);
	CHECK_INT(roam_lines_next(&it, &line, &len), 1);
	CHECK_INT(len, 0);
	CHECK_INT(roam_lines_next(&it, &line, &len), 1);
	CHECK_INT(len, 9);
	CHECK_INT(roam_lines_next(&it, &line, &len), 1);
	CHECK_INT(len, 4);
	CHECK_INT(it.lineno, 4);
	CHECK_INT(roam_lines_next(&it, &line, &len), 0);

	roam_lines_init(&it, "x\n", 2);
	CHECK_INT(roam_lines_next(&it, &line, &len), 1);
	CHECK_INT(roam_lines_next(&it, &line, &len), 0);
	roam_lines_init(&it, NULL, 0);
	CHECK_INT(roam_lines_next(&it, &line, &len), 0);
}

static void from_argv(void)
{
	char *argv[] = { "user", "add", "a b", NULL };

	CHECK_INT(roam_tokens_from_argv(&t, 3, argv, err, sizeof(err)), 0);
	CHECK_INT(t.argc, 3);
	CHECK_STR(t.argv[2], "a b");
	CHECK(t.argv[3] == NULL);
	roam_tokens_wipe(&t);
	CHECK_INT(t.argc, 0);
	CHECK_INT(roam_tokens_from_argv(&t, ROAM_TOK_MAX_ARGS + 1, argv, err,
					sizeof(err)), -1);
}

void suite_tokenize(void)
{
	RUN(words);
	RUN(quotes);
	RUN(escapes);
	RUN(comments);
	RUN(malformed);
	RUN(explicit_length);
	RUN(limits);
	RUN(lines);
	RUN(from_argv);
}
