// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static struct {
	const char *ident;
	bool to_stderr;
	/* stderr is journald's stream: mark lines with their priority */
	bool journal;
	bool syslog_open;
	enum roam_log_level level;
} logger = {
	.ident = "roam",
	.to_stderr = true,
	.level = ROAM_LOG_INFO,
};

/*
 * systemd sets JOURNAL_STREAM to "dev:inode" of the stream it connected
 * to stderr; "<N>" prefixes then carry each line's priority.
 */
static bool stderr_is_journal(void)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!env || sscanf(env, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st))
		return false;
	return st.st_dev == dev && st.st_ino == ino;
}

void roam_log_open(const char *ident, bool to_stderr, bool also_stderr)
{
	roam_log_close();
	logger.ident = ident;
	logger.to_stderr = to_stderr;
	logger.journal = to_stderr && stderr_is_journal();
	if (!to_stderr) {
		openlog(ident, LOG_PID | LOG_NDELAY |
			(also_stderr ? LOG_PERROR : 0), LOG_DAEMON);
		logger.syslog_open = true;
	}
}

void roam_log_close(void)
{
	if (logger.syslog_open)
		closelog();
	logger.syslog_open = false;
}

void roam_log_set_level(enum roam_log_level level)
{
	logger.level = level;
}

enum roam_log_level roam_log_get_level(void)
{
	return logger.level;
}

void roam_log(enum roam_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > logger.level)
		return;

	va_start(ap, fmt);
	if (!logger.to_stderr) {
		vsyslog(level, fmt, ap);
	} else {
		/* one fprintf per part, but stderr is unbuffered and only
		 * this thread writes to it */
		if (logger.journal)
			fprintf(stderr, "<%d>", level);
		else
			fprintf(stderr, "%s: %s: ", logger.ident,
				roam_log_level_name(level));
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
