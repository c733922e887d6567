// SPDX-License-Identifier: GPL-2.0
/* roamd: start and stop.  Each part has its own file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "roamd.h"
#include "service.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: roamd [-c CONFIG] [-S SOCKET] [-f] [-l LEVEL] [-T | -E]\n"
		"       roamd -h\n"
		"Where: CONFIG := configuration file (default %s)\n"
		"       SOCKET := control socket (default %s)\n"
		"       -f     := stay in the foreground and log to stderr\n"
		"                 (else detach and log to syslog)\n"
		"       LEVEL  := { error | warn | info | debug } (default info)\n"
		"       -T     := take over the L2TP/IPsec sessions an earlier\n"
		"                 roamd left (the default)\n"
		"       -E     := end them instead (their clients are told and\n"
		"                 reconnect)\n",
		ROAMD_DEFAULT_CONFIG, ROAMD_DEFAULT_SOCKET);
}

/*
 * Without -f roamd changes to "/" when it detaches: a relative path
 * given on the command line would then name another file (on SIGHUP,
 * and when the socket is removed at exit).
 */
static const char *absolute(const char *path, char **owned)
{
	char *cwd;

	if (path[0] == '/')
		return path;
	cwd = get_current_dir_name();
	if (!cwd || asprintf(owned, "%s/%s", cwd, path) < 0) {
		free(cwd);
		*owned = NULL;
		return path;
	}
	free(cwd);
	return *owned;
}

static int parse_args(struct roamd *d, int argc, char **argv)
{
	enum roam_log_level level;
	int opt;

	while ((opt = getopt(argc, argv, "c:S:fl:hTE")) != -1) {
		switch (opt) {
		case 'c':
			d->config_path = optarg;
			break;
		case 'S':
			d->socket_path = optarg;
			break;
		case 'f':
			d->foreground = true;
			break;
		case 'l':
			if (roam_log_level_parse(optarg, &level)) {
				fprintf(stderr,
					"roamd: unknown log level '%s' (expected: error, warn, info, debug)\n",
					optarg);
				return -1;
			}
			roam_log_set_level(level);
			d->level_from_cmdline = true;
			break;
		case 'T':
			d->takeover = true;
			break;
		case 'E':
			d->takeover = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "roamd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct roamd d = {
		.config_path = ROAMD_DEFAULT_CONFIG,
		.socket_path = ROAMD_DEFAULT_SOCKET,
		.sigfd = -1,
		.timerfd = -1,
		.takeover = true,
	};
	char *config_owned = NULL, *socket_owned = NULL;
	bool services_up = false;
	int ret = 1;

	if (parse_args(&d, argc, argv))
		return 1;
	d.config_path = absolute(d.config_path, &config_owned);
	d.socket_path = absolute(d.socket_path, &socket_owned);

	/* Until detached, errors also reach the terminal that started us. */
	roam_log_open("roamd", d.foreground, true);
	clock_gettime(CLOCK_MONOTONIC, &d.started);
	db_init(&d.db);
	d.loop.epfd = -1;

	if (loop_init(&d.loop)) {
		log_err("epoll: %m");
		goto out;
	}
	if (roamd_signals_block()) {
		log_err("signals: %m");
		goto out;
	}
	if (roamd_config_load(&d, false))
		goto out;
	if (restart_init(&d)) {
		log_err("out of memory");
		goto out;
	}
	/* Before detaching: "already running" must reach the terminal and
	 * the exit code.  The descriptors survive the fork. */
	if (roamd_ctl_open(&d))
		goto out;
	if (!d.foreground) {
		if (daemon(0, 0)) {
			log_err("cannot detach: %m");
			goto out;
		}
		roam_log_open("roamd", false, false);
	}
	if (roamd_signals_init(&d)) {
		log_err("signals: %m");
		goto out;
	}
	roamd_config_links(&d);
	if (services_start(&d))
		goto out;
	services_up = true;

	log_info("started (pid %d)", getpid());
	if (!loop_run(&d.loop))
		ret = 0;
	log_info("stopped");
out:
	if (services_up)
		services_stop(&d);
	roamd_ctl_close(&d);
	roamd_signals_fini(&d);
	loop_fini(&d.loop);
	db_free(&d.db);
	restart_fini(&d);
	roam_log_close();
	free(config_owned);
	free(socket_owned);
	return ret;
}
