// SPDX-License-Identifier: GPL-2.0
/*
 * Grammar of "pptp set": the PPTP server (off by default: PPTP and MPPE
 * are weak) with the limits and the encryption policy of the appliances
 * roam replaces (a VPN 3000's PPTP page and a group's PPTP/L2TP tab).
 */
#include <string.h>

#include "cmd_parse.h"

static int on_off(struct roam_cmd_cursor *c, const char *what,
		  const char *s, size_t len, int *out)
{
	char w[WORD_SHOWN_MAX + 1];

	if (len == 2 && !memcmp(s, "on", 2)) {
		*out = 1;
		return 0;
	}
	if (len == 3 && !memcmp(s, "off", 3)) {
		*out = 0;
		return 0;
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid %s '%s' (expected: on | off)", what, w);
}

static int pptp_enable(struct roam_cmd_cursor *c, const char *s, size_t len,
		       struct roam_cmd *cmd)
{
	return on_off(c, "enable setting", s, len, &cmd->pptp.enable);
}

static int pptp_mppe(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	static const char *const names[] = {
		[ROAM_MPPE_NONE] = "none",
		[ROAM_MPPE_OPTIONAL] = "optional",
		[ROAM_MPPE_REQUIRED] = "required",
	};
	char w[WORD_SHOWN_MAX + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (strlen(names[i]) == len && !memcmp(s, names[i], len)) {
			cmd->pptp.mppe = i;
			return 0;
		}
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid mppe setting '%s' (expected: required | optional | none)",
			 w);
}

/* "40,128": the strengths allowed. */
static int pptp_mppe_bits(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];
	size_t start = 0, end;
	unsigned int bit;

	cmd->pptp.mppe_bits = 0;
	while (start <= len) {
		for (end = start; end < len && s[end] != ','; end++)
			;
		if (end - start == 2 && !memcmp(s + start, "40", 2))
			bit = ROAM_MPPE_40;
		else if (end - start == 2 && !memcmp(s + start, "56", 2))
			bit = ROAM_MPPE_56;
		else if (end - start == 3 && !memcmp(s + start, "128", 3))
			bit = ROAM_MPPE_128;
		else
			goto bad;
		if (cmd->pptp.mppe_bits & bit)
			goto bad;
		cmd->pptp.mppe_bits |= bit;
		start = end + 1;
	}
	return 0;
bad:
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid key lengths '%s' (comma-separated, each once: 40, 56, 128)",
			 w);
}

static int pptp_stateless(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	/* "never": stateful only, for clients that must keep their history */
	if (len == 5 && !memcmp(s, "never", 5)) {
		cmd->pptp.stateless = 2;
		return 0;
	}
	return on_off(c, "stateless setting", s, len, &cmd->pptp.stateless);
}

static int pptp_max_tunnels(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "tunnel limit", s, len, 65535,
		      &cmd->pptp.max_tunnels);
}

static int pptp_sessions(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "session limit", s, len, 65535,
		      &cmd->pptp.sessions_per_tunnel);
}

static int pptp_window(struct roam_cmd_cursor *c, const char *s, size_t len,
		       struct roam_cmd *cmd)
{
	if (value_small_number(c, "window", s, len, 256, &cmd->pptp.window))
		return -1;
	if (!cmd->pptp.window)
		return cur_error(c, "invalid window '0' (1 to 256)");
	return 0;
}

static int pptp_delay(struct roam_cmd_cursor *c, const char *s, size_t len,
		      struct roam_cmd *cmd)
{
	return value_small_number(c, "processing delay", s, len, 600,
		      &cmd->pptp.proc_delay);
}

static int pptp_idle(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return value_small_number(c, "idle time", s, len, 86400, &cmd->pptp.idle);
}

static int pptp_echo(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	return value_small_number(c, "echo interval", s, len, 3600,
		      &cmd->pptp.echo_interval);
}

int roam_cmd_parse_pptp(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw kws[] = {
		{ "enable", "ONOFF", false, false, pptp_enable },
		{ "mppe", "MPPE", false, false, pptp_mppe },
		{ "mppe-bits", "BITS", false, false, pptp_mppe_bits },
		{ "stateless", "ONOFF", false, false, pptp_stateless },
		{ "max-tunnels", "COUNT", false, false, pptp_max_tunnels },
		{ "sessions-per-tunnel", "COUNT", false, false, pptp_sessions },
		{ "window", "PACKETS", false, false, pptp_window },
		{ "processing-delay", "TENTHS", false, false, pptp_delay },
		{ "idle", "SECONDS", false, false, pptp_idle },
		{ "echo-interval", "SECONDS", false, false, pptp_echo },
	};

	cmd->pptp.enable = -1;
	cmd->pptp.mppe = -1;
	cmd->pptp.stateless = -1;
	cmd->pptp.max_tunnels = -1;
	cmd->pptp.sessions_per_tunnel = -1;
	cmd->pptp.window = -1;
	cmd->pptp.proc_delay = -1;
	cmd->pptp.idle = -1;
	cmd->pptp.echo_interval = -1;
	if (cmd->verb != ROAM_VERB_SET)
		return cur_end(c, "pptp show");
	if (!cur_more(c))
		return cur_error(c, "pptp set: nothing to set (expected: enable, mppe, mppe-bits, stateless, max-tunnels, sessions-per-tunnel, window, processing-delay, idle, echo-interval)");
	return cur_keywords(c, "pptp set", kws, ARRAY_SIZE(kws), cmd);
}
