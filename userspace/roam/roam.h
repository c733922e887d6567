/* SPDX-License-Identifier: GPL-2.0 */
/* The roam command-line tool. */
#ifndef ROAM_CLI_H
#define ROAM_CLI_H

#include <stdbool.h>

#include "cmd.h"
#include "genl.h"
#include "print.h"

#define ROAM_VERSION		"0.1"
#define ROAM_DEFAULT_SOCKET	"/run/roam/roamd.sock"

/* Exit codes. */
#define EXIT_OK		0
#define EXIT_USAGE	1	/* the command line is wrong */
#define EXIT_FAILED	2	/* the kernel or roamd refused, or failed */

struct roam_opts {
	bool json, pretty, stats;
	const char *socket;
	bool socket_given;	/* -S: the user expects roamd there */
};

/* Print the kernel's refusal ("Error: ...") and give EXIT_FAILED. */
int nl_failed(const struct roam_nl_err *e);

/* Open the roam family; prints why not and gives EXIT_FAILED. */
int genl_open_or_say(struct roam_genl *g);

int do_link(const struct roam_opts *o, const struct roam_cmd *cmd);
int do_session(const struct roam_opts *o, const struct roam_cmd *cmd,
	       const struct roam_tokens *t);
int do_monitor(const struct roam_opts *o);
/* Send the command's words to roamd and print its answer. */
int do_roamd(const struct roam_opts *o, const struct roam_tokens *t);
/*
 * The same for a command that the kernel can answer too: -1 (and nothing
 * printed) when roamd is not running or runs in another network
 * namespace, so that the caller asks the kernel instead.
 */
int try_roamd(const struct roam_opts *o, const struct roam_tokens *t);
/*
 * roam monitor's roamd half: "monitor" sent and acknowledged, the
 * connected socket; -1 when roamd does not run in this network
 * namespace.  Then each roamd_monitor_next() is one event's line
 * (malloc'ed, NUL-terminated, *len bytes); NULL when roamd hung up.
 */
int roamd_monitor_open(const struct roam_opts *o);
char *roamd_monitor_next(int fd, size_t *len);

#endif /* ROAM_CLI_H */
