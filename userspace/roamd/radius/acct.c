// SPDX-License-Identifier: GPL-2.0
/*
 * Accounting-Request and Disconnect-Request/ACK/NAK (see acct.h).
 */
#include <stdio.h>
#include <string.h>

#include "radius/acct.h"
#include "radius/crypto.h"

#define ACCT_AUTHENTIC_RADIUS	1
#define ACCT_AUTHENTIC_LOCAL	2

int radius_acct_build(const struct radius_acct_record *rec,
		      const struct radius_nas *nas, const uint8_t *secret,
		      size_t slen, uint8_t id, uint8_t *buf, size_t cap,
		      uint8_t auth[RADIUS_AUTH_LEN])
{
	bool counters = rec->status == RADIUS_ACCT_STOP ||
			rec->status == RADIUS_ACCT_INTERIM_UPDATE;
	struct radius_builder b;
	int n;

	radius_build_begin(&b, buf, cap, RADIUS_ACCOUNTING_REQUEST, id, NULL);
	radius_put_u32(&b, RADIUS_ACCT_STATUS_TYPE, rec->status);
	if (rec->user)
		radius_put_str(&b, RADIUS_USER_NAME, rec->user);
	if (nas->nas_ip)
		radius_put(&b, RADIUS_NAS_IP_ADDRESS, &nas->nas_ip, 4);
	if (nas->nas_id && *nas->nas_id)
		radius_put_str(&b, RADIUS_NAS_IDENTIFIER, nas->nas_id);
	if (nas->session_id && *nas->session_id)
		radius_put_str(&b, RADIUS_ACCT_SESSION_ID, nas->session_id);
	if (rec->user) {
		radius_put_u32(&b, RADIUS_NAS_PORT, nas->nas_port);
		radius_put_u32(&b, RADIUS_NAS_PORT_TYPE,
			       RADIUS_NAS_PORT_VIRTUAL);
		if (nas->framed) {
			radius_put_u32(&b, RADIUS_SERVICE_TYPE,
				       RADIUS_SERVICE_FRAMED);
			radius_put_u32(&b, RADIUS_FRAMED_PROTOCOL,
				       RADIUS_FRAMED_PPP);
		}
		if (nas->calling && *nas->calling)
			radius_put_str(&b, RADIUS_CALLING_STATION_ID,
				       nas->calling);
		radius_put_u32(&b, RADIUS_ACCT_AUTHENTIC, rec->remote_auth ?
			       ACCT_AUTHENTIC_RADIUS : ACCT_AUTHENTIC_LOCAL);
	}
	if (rec->framed_ip)
		radius_put(&b, RADIUS_FRAMED_IP_ADDRESS, &rec->framed_ip, 4);
	if (rec->class_len)
		radius_put(&b, RADIUS_CLASS, rec->class_val, rec->class_len);
	if (rec->delay)
		radius_put_u32(&b, RADIUS_ACCT_DELAY_TIME, rec->delay);
	if (counters) {
		/* the low 32 bits, and how many times they wrapped */
		radius_put_u32(&b, RADIUS_ACCT_INPUT_OCTETS,
			       (uint32_t)rec->in_octets);
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_OCTETS,
			       (uint32_t)rec->out_octets);
		radius_put_u32(&b, RADIUS_ACCT_INPUT_GIGAWORDS,
			       (uint32_t)(rec->in_octets >> 32));
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_GIGAWORDS,
			       (uint32_t)(rec->out_octets >> 32));
		radius_put_u32(&b, RADIUS_ACCT_INPUT_PACKETS,
			       (uint32_t)rec->in_packets);
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_PACKETS,
			       (uint32_t)rec->out_packets);
		radius_put_u32(&b, RADIUS_ACCT_SESSION_TIME,
			       rec->session_time);
	}
	if (rec->status == RADIUS_ACCT_STOP && rec->term_cause)
		radius_put_u32(&b, RADIUS_ACCT_TERMINATE_CAUSE,
			       rec->term_cause);
	n = radius_build_end(&b);
	if (n < 0 || radius_sign(buf, (size_t)n, 0, NULL, secret, slen))
		return -1;
	memcpy(auth, buf + 4, RADIUS_AUTH_LEN);
	return n;
}

unsigned int radius_interim_interval(unsigned int configured,
				     unsigned int from_server,
				     unsigned int floor)
{
	if (!from_server)
		return configured;
	return from_server < floor ? floor : from_server;
}

static void copy_str(char *dst, size_t cap, const struct radius_attr *a)
{
	size_t n = a->len < cap - 1 ? a->len : cap - 1;

	memcpy(dst, a->val, n);
	dst[n] = 0;
}

/*
 * The attributes that only say which session a request is for, or carry
 * the request itself (RFC 5176 3): allowed in a CoA-Request besides the
 * changes roamd makes.
 */
static bool coa_identifies(uint8_t type)
{
	switch (type) {
	case RADIUS_USER_NAME:
	case RADIUS_NAS_IP_ADDRESS:
	case RADIUS_NAS_PORT:
	case RADIUS_FRAMED_IP_ADDRESS:
	case RADIUS_CALLED_STATION_ID:
	case RADIUS_CALLING_STATION_ID:
	case RADIUS_NAS_IDENTIFIER:
	case RADIUS_PROXY_STATE:
	case RADIUS_ACCT_SESSION_ID:
	case RADIUS_ACCT_MULTI_SESSION_ID:
	case RADIUS_EVENT_TIMESTAMP:
	case RADIUS_NAS_PORT_TYPE:
	case RADIUS_MESSAGE_AUTHENTICATOR:
	case RADIUS_NAS_PORT_ID:
		return true;
	default:
		return false;
	}
}

/* A timeout a CoA sets: 4 octets, else the request is invalid (404). */
static int coa_timeout(const struct radius_attr *a, bool *has, uint32_t *v,
		       uint32_t *cause, const char **err)
{
	if (a->len != 4) {
		*err = "a timeout in the CoA-Request is not 4 octets";
		*cause = RADIUS_ERR_INVALID_REQUEST;
		return -1;
	}
	*v = (uint32_t)a->val[0] << 24 | (uint32_t)a->val[1] << 16 |
	     (uint32_t)a->val[2] << 8 | a->val[3];
	*has = true;
	return 0;
}

/* One attribute of a CoA-Request beyond the identifiers. */
static int coa_attr(const struct radius_attr *a, struct radius_dae_target *t,
		    uint32_t *cause, const char **err)
{
	if (!a->vendor && a->type == RADIUS_SESSION_TIMEOUT)
		return coa_timeout(a, &t->has_session_timeout,
				   &t->session_timeout, cause, err);
	if (!a->vendor && a->type == RADIUS_IDLE_TIMEOUT)
		return coa_timeout(a, &t->has_idle_timeout, &t->idle_timeout,
				   cause, err);
	if (!a->vendor && coa_identifies(a->type))
		return 0;
	*err = "the CoA-Request changes what roamd cannot change on a live session (only Session-Timeout and Idle-Timeout)";
	*cause = RADIUS_ERR_UNSUPPORTED_ATTRIBUTE;
	return -1;
}

int radius_dae_parse(const struct radius_packet *p, const uint8_t *secret,
		     size_t slen, struct radius_dae_target *t,
		     uint32_t *cause, const char **err)
{
	struct radius_attr a;
	size_t cur = 0;

	memset(t, 0, sizeof(*t));
	*cause = 0;
	if (p->code != RADIUS_DISCONNECT_REQUEST &&
	    p->code != RADIUS_COA_REQUEST) {
		*err = "not a Disconnect-Request or CoA-Request";
		return -1;
	}
	if (radius_verify_request(p, secret, slen, false, err))
		return -1;
	t->coa = p->code == RADIUS_COA_REQUEST;
	while (radius_attr_next(p, &cur, &a) == 1) {
		if (!a.vendor && a.type == RADIUS_STATE) {
			/* a reauthorization we do not do (RFC 5176 3.3) */
			*err = t->coa ? "State in a CoA-Request" :
					"State in a Disconnect-Request";
			*cause = RADIUS_ERR_UNSUPPORTED_SERVICE;
			return -1;
		}
		if (t->coa && coa_attr(&a, t, cause, err))
			return -1;
		if (a.vendor)
			continue;
		switch (a.type) {
		case RADIUS_ACCT_SESSION_ID:
			copy_str(t->session_id, sizeof(t->session_id), &a);
			break;
		case RADIUS_USER_NAME:
			copy_str(t->user, sizeof(t->user), &a);
			break;
		case RADIUS_FRAMED_IP_ADDRESS:
			if (a.len == 4)
				memcpy(&t->framed_ip, a.val, 4);
			break;
		case RADIUS_NAS_IDENTIFIER:
			copy_str(t->nas_id, sizeof(t->nas_id), &a);
			break;
		default:
			break;
		}
	}
	if (!t->session_id[0] && !t->user[0] && !t->framed_ip) {
		*err = "the request names no session (Acct-Session-Id, User-Name or Framed-IP-Address)";
		*cause = RADIUS_ERR_MISSING_ATTRIBUTE;
		return -1;
	}
	if (t->coa && !t->has_session_timeout && !t->has_idle_timeout) {
		*err = "the CoA-Request changes nothing (no Session-Timeout or Idle-Timeout)";
		*cause = RADIUS_ERR_MISSING_ATTRIBUTE;
		return -1;
	}
	return 0;
}

int radius_dae_answer(const struct radius_packet *p, uint32_t cause,
		      const uint8_t *secret, size_t slen, uint8_t *buf,
		      size_t cap)
{
	uint8_t code = p->code == RADIUS_COA_REQUEST ?
		       (cause ? RADIUS_COA_NAK : RADIUS_COA_ACK) :
		       (cause ? RADIUS_DISCONNECT_NAK : RADIUS_DISCONNECT_ACK);
	struct radius_builder b;
	struct radius_attr a;
	size_t cur = 0;
	int n;

	radius_build_begin(&b, buf, cap, code, p->id, NULL);
	radius_put_msg_auth(&b);
	if (cause)
		radius_put_u32(&b, RADIUS_ERROR_CAUSE, cause);
	/*
	 * A proxy between the server and us finds its way back by its
	 * Proxy-State: each copied unmodified and in order (RFC 5176 3).
	 */
	while (radius_attr_next(p, &cur, &a) == 1)
		if (!a.vendor && a.type == RADIUS_PROXY_STATE)
			radius_put(&b, RADIUS_PROXY_STATE, a.val, a.len);
	n = radius_build_end(&b);
	if (n < 0 || radius_sign(buf, (size_t)n, b.msg_auth_off, p->auth,
				 secret, slen))
		return -1;
	return n;
}
