/* SPDX-License-Identifier: GPL-2.0 */
/* Logging with levels, to stderr or to syslog. */
#ifndef ROAM_LOG_H
#define ROAM_LOG_H

#include <stdbool.h>

#include "cmd.h"
#include "util.h"

/*
 * Start logging as "ident".  To stderr when to_stderr, else to syslog
 * (LOG_DAEMON); with also_stderr, syslog messages are echoed to stderr
 * too (while a daemon still has its terminal).
 */
void roam_log_open(const char *ident, bool to_stderr, bool also_stderr);
void roam_log_close(void);

void roam_log_set_level(enum roam_log_level level);
enum roam_log_level roam_log_get_level(void);

__printf(2, 3) void roam_log(enum roam_log_level level, const char *fmt, ...);

#define log_err(...)	roam_log(ROAM_LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	roam_log(ROAM_LOG_WARN, __VA_ARGS__)
#define log_info(...)	roam_log(ROAM_LOG_INFO, __VA_ARGS__)
#define log_debug(...)	roam_log(ROAM_LOG_DEBUG, __VA_ARGS__)

#endif /* ROAM_LOG_H */
