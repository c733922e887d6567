// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration path: bytes -> lines -> words -> commands -> the
 * user and pool database, as roamd reads roamd.conf; plus the JSON
 * escaping of every word, since names end up in "roam -j" output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db.h"
#include "print.h"
#include "tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct roam_tokens t;
	static FILE *null;
	char err[ROAM_ERR_MAX];
	struct roam_lines it;
	struct roamd_db db;
	struct roam_cmd cmd;
	const char *line;
	size_t len;
	int i;

	if (!null)
		null = fopen("/dev/null", "w");
	db_init(&db);
	/* the buffer is not NUL-terminated: a read past it is caught */
	roam_lines_init(&it, (const char *)data, size);
	while (roam_lines_next(&it, &line, &len)) {
		if (roam_tokenize(line, len, &t, err, sizeof(err)))
			continue;
		for (i = 0; i < t.argc; i++)
			rp_json_escape(null, t.argv[i], t.len[i]);
		if (!t.argc || roam_cmd_parse(&t, &cmd, err, sizeof(err)))
			continue;
		if ((cmd.obj == ROAM_OBJ_USER || cmd.obj == ROAM_OBJ_POOL) &&
		    (cmd.verb == ROAM_VERB_ADD || cmd.verb == ROAM_VERB_DEL))
			db_apply(&db, &cmd, err, sizeof(err));
	}
	db_free(&db);
	return 0;
}
