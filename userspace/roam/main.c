// SPDX-License-Identifier: GPL-2.0
/*
 * roam [-j [-p]] [-s] [-n NETNS] [-S SOCKET] OBJECT COMMAND [ARGS]
 *
 * The command is parsed here with the same grammar roamd uses, so a
 * mistake is reported before anything is sent; kernel objects then go
 * over netlink, roamd's over its control socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "help.h"
#include "roam.h"

int nl_failed(const struct roam_nl_err *e)
{
	fprintf(stderr, "Error: %s\n", roam_nl_err_text(e));
	return EXIT_FAILED;
}

int genl_open_or_say(struct roam_genl *g)
{
	struct roam_nl_err e;
	int ret = roam_genl_open(g, &e);

	if (!ret)
		return 0;
	if (ret == ROAM_GENL_NO_FAMILY)
		fprintf(stderr, "roam: %s\n", e.msg);
	else
		nl_failed(&e);
	return EXIT_FAILED;
}

/* Like "ip -n": enter a namespace that "ip netns add" made. */
static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		fprintf(stderr, "roam: invalid namespace name '%s'\n", name);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "roam: cannot open network namespace '%s': %s\n",
			name, strerror(errno));
		return EXIT_FAILED;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "roam: cannot enter network namespace '%s': %s\n",
			name, strerror(errno));
		close(fd);
		return EXIT_FAILED;
	}
	close(fd);
	return 0;
}

static void usage(FILE *f)
{
	fputs(roam_help_text(ROAM_OBJ_NONE), f);
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 's' },
		{ "netns", required_argument, NULL, 'n' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct roam_opts o = { .socket = ROAM_DEFAULT_SOCKET };
	const char *netns = NULL;
	char err[ROAM_ERR_MAX];
	struct roam_tokens t;
	struct roam_cmd cmd;
	int opt, ret;

	/* "+": options end at the object, as in "roam session show" */
	while ((opt = getopt_long(argc, argv, "+jpsn:S:hV", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			o.json = true;
			break;
		case 'p':
			o.pretty = true;
			break;
		case 's':
			o.stats = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'S':
			o.socket = optarg;
			o.socket_given = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("roam %s\n", ROAM_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (o.pretty && !o.json) {
		fprintf(stderr, "roam: -p (pretty) only applies to -j (JSON)\n");
		return EXIT_USAGE;
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}

	/* on failure, cmd.obj still tells which object's help to suggest */
	cmd.obj = ROAM_OBJ_NONE;
	if (roam_tokens_from_argv(&t, argc - optind, argv + optind, err,
				  sizeof(err)) ||
	    roam_cmd_parse(&t, &cmd, err, sizeof(err))) {
		fprintf(stderr, "roam: %s\n", err);
		if (cmd.obj == ROAM_OBJ_NONE)
			fprintf(stderr, "Try 'roam help'.\n");
		else
			fprintf(stderr, "Try 'roam %s help'.\n",
				roam_obj_name(cmd.obj));
		roam_tokens_wipe(&t);
		return EXIT_USAGE;
	}

	if (cmd.verb == ROAM_VERB_HELP) {
		fputs(roam_help_text(cmd.obj), stdout);
		return EXIT_OK;
	}

	if (netns) {
		ret = enter_netns(netns);
		if (ret)
			return ret;
	}

	switch (cmd.obj) {
	case ROAM_OBJ_LINK:
		ret = do_link(&o, &cmd);
		break;
	case ROAM_OBJ_SESSION:
		ret = do_session(&o, &cmd, &t);
		break;
	case ROAM_OBJ_MONITOR:
		ret = do_monitor(&o);
		break;
	default:
		ret = do_roamd(&o, &t);
		break;
	}
	roam_tokens_wipe(&t);
	return ret;
}
