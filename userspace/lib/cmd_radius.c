// SPDX-License-Identifier: GPL-2.0
/*
 * Grammar of "radius": the RADIUS servers (authentication and
 * accounting, tried in the order they were added), the NAS's own
 * settings and the dynamic-authorization client (RFC 5176) allowed to
 * end sessions.  The "auth-source" keyword of "ppp set" is here too.
 */
#include <string.h>

#include "cmd_parse.h"

#define ROAM_RADIUS_SECRET_MAX	128

static int radius_server(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	return value_ipv4(c, s, len, &cmd->radius.server);
}

static int radius_secret(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	if (check_text(c, "secret", s, len, ROAM_RADIUS_SECRET_MAX))
		return -1;
	cmd->radius.secret = s;
	cmd->radius.secret_len = len;
	return 0;
}

static int port(struct roam_cmd_cursor *c, const char *s, size_t len,
		int *out)
{
	if (value_small_number(c, "port", s, len, 65535, out))
		return -1;
	if (!*out)
		return cur_error(c, "invalid port '0' (1 to 65535)");
	return 0;
}

static int radius_auth_port(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return port(c, s, len, &cmd->radius.auth_port);
}

static int radius_acct_port(struct roam_cmd_cursor *c, const char *s,
			    size_t len, struct roam_cmd *cmd)
{
	return port(c, s, len, &cmd->radius.acct_port);
}

static int radius_timeout(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	if (value_small_number(c, "timeout", s, len, 60,
			       &cmd->radius.timeout))
		return -1;
	if (!cmd->radius.timeout)
		return cur_error(c, "invalid timeout '0' (1 to 60 seconds)");
	return 0;
}

static int radius_retries(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	return value_small_number(c, "retries", s, len, 10,
				  &cmd->radius.retries);
}

static int radius_nas_id(struct roam_cmd_cursor *c, const char *s,
			 size_t len, struct roam_cmd *cmd)
{
	if (check_text(c, "NAS identifier", s, len, 64))
		return -1;
	cmd->radius.nas_id = s;
	cmd->radius.nas_id_len = len;
	return 0;
}

static int radius_interim(struct roam_cmd_cursor *c, const char *s,
			  size_t len, struct roam_cmd *cmd)
{
	if (value_small_number(c, "interim interval", s, len, 86400,
			       &cmd->radius.interim))
		return -1;
	if (cmd->radius.interim && cmd->radius.interim < 60)
		return cur_error(c, "invalid interim interval (0, or 60 to 86400 seconds: RFC 2869 5.16)");
	return 0;
}

static int radius_interim_min(struct roam_cmd_cursor *c, const char *s,
			      size_t len, struct roam_cmd *cmd)
{
	if (value_small_number(c, "interim floor", s, len, 86400,
			       &cmd->radius.interim_min))
		return -1;
	if (!cmd->radius.interim_min)
		return cur_error(c, "invalid interim floor (1 to 86400 seconds; RFC 2869 5.16 asks for 60)");
	return 0;
}

static int radius_fallback(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];

	if (len == 5 && !memcmp(s, "local", 5)) {
		cmd->radius.fallback = 1;
		return 0;
	}
	if (len == 4 && !memcmp(s, "none", 4)) {
		cmd->radius.fallback = 0;
		return 0;
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid fallback '%s' (expected: local | none)",
			 w);
}

static int radius_dae_client(struct roam_cmd_cursor *c, const char *s,
			     size_t len, struct roam_cmd *cmd)
{
	cmd->radius.has_dae_client = true;
	return value_ipv4(c, s, len, &cmd->radius.dae_client);
}

static int radius_dae_secret(struct roam_cmd_cursor *c, const char *s,
			     size_t len, struct roam_cmd *cmd)
{
	if (check_text(c, "secret", s, len, ROAM_RADIUS_SECRET_MAX))
		return -1;
	cmd->radius.dae_secret = s;
	cmd->radius.dae_secret_len = len;
	return 0;
}

static int radius_dae_port(struct roam_cmd_cursor *c, const char *s,
			   size_t len, struct roam_cmd *cmd)
{
	return port(c, s, len, &cmd->radius.dae_port);
}

static int radius_ma(struct roam_cmd_cursor *c, const char *s, size_t len,
		     struct roam_cmd *cmd)
{
	char w[WORD_SHOWN_MAX + 1];

	if (len == 8 && !memcmp(s, "required", 8)) {
		cmd->radius.require_ma = 1;
		return 0;
	}
	if (len == 8 && !memcmp(s, "optional", 8)) {
		cmd->radius.require_ma = 0;
		return 0;
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid message-authenticator setting '%s' (expected: required | optional)",
			 w);
}

int roam_cmd_parse_radius(struct roam_cmd_cursor *c, struct roam_cmd *cmd)
{
	static const struct roam_kw add_kws[] = {
		{ "server", "IPV4", true, false, radius_server },
		{ "secret", "SECRET", true, true, radius_secret },
		{ "auth-port", "PORT", false, false, radius_auth_port },
		{ "acct-port", "PORT", false, false, radius_acct_port },
		{ "timeout", "SECONDS", false, false, radius_timeout },
		{ "retries", "COUNT", false, false, radius_retries },
		{ "message-authenticator", "MA", false, false, radius_ma },
	};
	static const struct roam_kw del_kws[] = {
		{ "server", "IPV4", true, false, radius_server },
	};
	static const struct roam_kw set_kws[] = {
		{ "nas-identifier", "NAME", false, false, radius_nas_id },
		{ "interim", "SECONDS", false, false, radius_interim },
		{ "interim-min", "SECONDS", false, false, radius_interim_min },
		{ "fallback", "FALLBACK", false, false, radius_fallback },
		{ "dae-client", "IPV4", false, false, radius_dae_client },
		{ "dae-secret", "SECRET", false, true, radius_dae_secret },
		{ "dae-port", "PORT", false, false, radius_dae_port },
	};
	struct roam_cmd_radius *r = &cmd->radius;

	memset(r, 0, sizeof(*r));
	r->auth_port = -1;
	r->acct_port = -1;
	r->timeout = -1;
	r->retries = -1;
	r->require_ma = -1;
	r->interim = -1;
	r->interim_min = -1;
	r->fallback = -1;
	r->dae_port = -1;
	switch (cmd->verb) {
	case ROAM_VERB_ADD:
		return cur_keywords(c, "radius add", add_kws,
				    ARRAY_SIZE(add_kws), cmd);
	case ROAM_VERB_DEL:
		return cur_keywords(c, "radius del", del_kws,
				    ARRAY_SIZE(del_kws), cmd);
	case ROAM_VERB_SET:
		if (!cur_more(c))
			return cur_error(c, "radius set: nothing to set (expected: nas-identifier, interim, interim-min, fallback, dae-client, dae-secret, dae-port)");
		return cur_keywords(c, "radius set", set_kws,
				    ARRAY_SIZE(set_kws), cmd);
	default:
		return cur_end(c, "radius show");
	}
}

int value_auth_source(struct roam_cmd_cursor *c, const char *s, size_t len,
		      int *out)
{
	char w[WORD_SHOWN_MAX + 1];

	if (len == 5 && !memcmp(s, "local", 5)) {
		*out = ROAM_AUTH_SOURCE_LOCAL;
		return 0;
	}
	if (len == 6 && !memcmp(s, "radius", 6)) {
		*out = ROAM_AUTH_SOURCE_RADIUS;
		return 0;
	}
	shown_word(w, sizeof(w), s, len);
	return cur_error(c, "invalid authentication source '%s' (expected: local | radius)",
			 w);
}
