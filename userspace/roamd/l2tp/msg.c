// SPDX-License-Identifier: GPL-2.0
/*
 * Control message decoding.  One table says, for each AVP type of RFC 2661
 * §4.4, its name and the value lengths it may have; a second says which
 * AVPs each message type requires.  Everything else is checked by hand
 * in decode_value().
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "msg.h"
#include "proto.h"

#define ANY	0xffff

struct avp_desc {
	const char *name;
	uint16_t min;
	uint16_t max;
	bool no_hide;		/* §4.4: this AVP MUST NOT be hidden */
};

static const struct avp_desc avp_descs[L2TP_AVP_TYPE_MAX + 1] = {
	[L2TP_AVP_MESSAGE_TYPE] = { "Message Type", 2, 2, true },
	[L2TP_AVP_RESULT_CODE] = { "Result Code", 2, ANY, false },
	[L2TP_AVP_PROTOCOL_VERSION] = { "Protocol Version", 2, 2, false },
	[L2TP_AVP_FRAMING_CAP] = { "Framing Capabilities", 4, 4, false },
	[L2TP_AVP_BEARER_CAP] = { "Bearer Capabilities", 4, 4, false },
	[L2TP_AVP_TIE_BREAKER] = { "Tie Breaker", 8, 8, false },
	[L2TP_AVP_FIRMWARE_REV] = { "Firmware Revision", 2, 2, false },
	[L2TP_AVP_HOST_NAME] = { "Host Name", 1, ANY, false },
	[L2TP_AVP_VENDOR_NAME] = { "Vendor Name", 0, ANY, false },
	[L2TP_AVP_ASSIGNED_TUNNEL_ID] = { "Assigned Tunnel ID", 2, 2, false },
	[L2TP_AVP_RECV_WINDOW_SIZE] = { "Receive Window Size", 2, 2, false },
	[L2TP_AVP_CHALLENGE] = { "Challenge", 1, ANY, false },
	[L2TP_AVP_Q931_CAUSE] = { "Q.931 Cause Code", 3, ANY, false },
	[L2TP_AVP_CHALLENGE_RESPONSE] = { "Challenge Response", 16, 16, false },
	[L2TP_AVP_ASSIGNED_SESSION_ID] = { "Assigned Session ID", 2, 2, false },
	[L2TP_AVP_CALL_SERIAL] = { "Call Serial Number", 4, 4, false },
	[L2TP_AVP_MIN_BPS] = { "Minimum BPS", 4, 4, false },
	[L2TP_AVP_MAX_BPS] = { "Maximum BPS", 4, 4, false },
	[L2TP_AVP_BEARER_TYPE] = { "Bearer Type", 4, 4, false },
	[L2TP_AVP_FRAMING_TYPE] = { "Framing Type", 4, 4, false },
	[L2TP_AVP_CALLED_NUMBER] = { "Called Number", 0, ANY, false },
	[L2TP_AVP_CALLING_NUMBER] = { "Calling Number", 0, ANY, false },
	[L2TP_AVP_SUB_ADDRESS] = { "Sub-Address", 0, ANY, false },
	[L2TP_AVP_TX_CONNECT_SPEED] = { "(Tx) Connect Speed", 4, 4, false },
	[L2TP_AVP_PHYS_CHANNEL_ID] = { "Physical Channel ID", 4, 4, false },
	[L2TP_AVP_INIT_RECV_CONFREQ] = { "Initial Received LCP CONFREQ", 0, ANY, false },
	[L2TP_AVP_LAST_SENT_CONFREQ] = { "Last Sent LCP CONFREQ", 0, ANY, false },
	[L2TP_AVP_LAST_RECV_CONFREQ] = { "Last Received LCP CONFREQ", 0, ANY, false },
	[L2TP_AVP_PROXY_AUTH_TYPE] = { "Proxy Authen Type", 2, 2, false },
	[L2TP_AVP_PROXY_AUTH_NAME] = { "Proxy Authen Name", 0, ANY, false },
	[L2TP_AVP_PROXY_AUTH_CHALLENGE] = { "Proxy Authen Challenge", 0, ANY, false },
	[L2TP_AVP_PROXY_AUTH_ID] = { "Proxy Authen ID", 2, 2, false },
	[L2TP_AVP_PROXY_AUTH_RESPONSE] = { "Proxy Authen Response", 0, ANY, false },
	[L2TP_AVP_CALL_ERRORS] = { "Call Errors", 26, 26, false },
	[L2TP_AVP_ACCM] = { "ACCM", 10, 10, false },
	[L2TP_AVP_RANDOM_VECTOR] = { "Random Vector", 1, ANY, true },
	[L2TP_AVP_PRIVATE_GROUP_ID] = { "Private Group ID", 0, ANY, false },
	[L2TP_AVP_RX_CONNECT_SPEED] = { "Rx Connect Speed", 4, 4, false },
	[L2TP_AVP_SEQUENCING_REQUIRED] = { "Sequencing Required", 0, 0, false },
};

#define BIT(n)	(1ULL << (n))

/* AVPs each message must carry besides Message Type (RFC 2661 §6). */
static const uint64_t required[L2TP_MT_MAX + 1] = {
	[L2TP_MT_SCCRQ] = BIT(L2TP_AVP_PROTOCOL_VERSION) |
			  BIT(L2TP_AVP_HOST_NAME) | BIT(L2TP_AVP_FRAMING_CAP) |
			  BIT(L2TP_AVP_ASSIGNED_TUNNEL_ID),
	[L2TP_MT_SCCRP] = BIT(L2TP_AVP_PROTOCOL_VERSION) |
			  BIT(L2TP_AVP_HOST_NAME) | BIT(L2TP_AVP_FRAMING_CAP) |
			  BIT(L2TP_AVP_ASSIGNED_TUNNEL_ID),
	[L2TP_MT_STOPCCN] = BIT(L2TP_AVP_ASSIGNED_TUNNEL_ID) |
			    BIT(L2TP_AVP_RESULT_CODE),
	[L2TP_MT_OCRQ] = BIT(L2TP_AVP_ASSIGNED_SESSION_ID) |
			 BIT(L2TP_AVP_CALL_SERIAL) | BIT(L2TP_AVP_MIN_BPS) |
			 BIT(L2TP_AVP_MAX_BPS) | BIT(L2TP_AVP_BEARER_TYPE) |
			 BIT(L2TP_AVP_FRAMING_TYPE) |
			 BIT(L2TP_AVP_CALLED_NUMBER),
	[L2TP_MT_OCRP] = BIT(L2TP_AVP_ASSIGNED_SESSION_ID),
	[L2TP_MT_OCCN] = BIT(L2TP_AVP_TX_CONNECT_SPEED) |
			 BIT(L2TP_AVP_FRAMING_TYPE),
	[L2TP_MT_ICRQ] = BIT(L2TP_AVP_ASSIGNED_SESSION_ID) |
			 BIT(L2TP_AVP_CALL_SERIAL),
	[L2TP_MT_ICRP] = BIT(L2TP_AVP_ASSIGNED_SESSION_ID),
	[L2TP_MT_ICCN] = BIT(L2TP_AVP_TX_CONNECT_SPEED) |
			 BIT(L2TP_AVP_FRAMING_TYPE),
	[L2TP_MT_CDN] = BIT(L2TP_AVP_RESULT_CODE) |
			BIT(L2TP_AVP_ASSIGNED_SESSION_ID),
	[L2TP_MT_WEN] = BIT(L2TP_AVP_CALL_ERRORS),
	[L2TP_MT_SLI] = BIT(L2TP_AVP_ACCM),
};

static const char *const msg_names[L2TP_MT_MAX + 1] = {
	[L2TP_MT_SCCRQ] = "SCCRQ", [L2TP_MT_SCCRP] = "SCCRP",
	[L2TP_MT_SCCCN] = "SCCCN", [L2TP_MT_STOPCCN] = "StopCCN",
	[L2TP_MT_HELLO] = "HELLO", [L2TP_MT_OCRQ] = "OCRQ",
	[L2TP_MT_OCRP] = "OCRP", [L2TP_MT_OCCN] = "OCCN",
	[L2TP_MT_ICRQ] = "ICRQ", [L2TP_MT_ICRP] = "ICRP",
	[L2TP_MT_ICCN] = "ICCN", [L2TP_MT_CDN] = "CDN",
	[L2TP_MT_WEN] = "WEN", [L2TP_MT_SLI] = "SLI",
};

const char *l2tp_msg_type_name(unsigned int type)
{
	if (type > L2TP_MT_MAX || !msg_names[type])
		return "unknown message";
	return msg_names[type];
}

const char *l2tp_avp_type_name(unsigned int type)
{
	if (type > L2TP_AVP_TYPE_MAX || !avp_descs[type].name)
		return "unknown AVP";
	return avp_descs[type].name;
}

void l2tp_bytes_to_str(const struct l2tp_bytes *b, char *out, size_t cap)
{
	size_t i, n = 0;

	if (!cap)
		return;
	for (i = 0; i < b->len && n + 1 < cap; i++) {
		uint8_t c = b->p[i];

		/* Peer strings go to logs and JSON: keep them inert. */
		out[n++] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ?
			   (char)c : '?';
	}
	out[n] = '\0';
}

__attribute__((format(printf, 5, 6)))
static int fail(struct l2tp_msg_err *err, enum l2tp_msg_err_code code,
		uint16_t avp_type, uint16_t error_code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	err->avp_type = avp_type;
	err->error_code = error_code;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return -1;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static int value_range(struct l2tp_msg_err *err, uint16_t type,
		       const char *why)
{
	return fail(err, L2TP_MSG_ERR_VALUE, type, L2TP_ERR_RANGE,
		    "AVP %s (%u): %s", l2tp_avp_type_name(type), type, why);
}

/* Store one value whose length the table has already checked. */
static int decode_value(struct l2tp_msg *m, uint16_t type,
			const uint8_t *v, uint16_t len,
			struct l2tp_msg_err *err)
{
	struct l2tp_bytes b = { v, len };

	switch (type) {
	case L2TP_AVP_RESULT_CODE:
		/* 2 bytes, or 4 and more: an error code is never cut. */
		if (len == 3)
			return fail(err, L2TP_MSG_ERR_VALUE_LEN, type,
				    L2TP_ERR_LENGTH,
				    "AVP Result Code (1): length 3 cuts the error code");
		m->result = get16(v);
		m->error = len >= 4 ? get16(v + 2) : 0;
		/* no text: no pointer (v + 4 may lie past the datagram) */
		if (len > 4)
			m->result_msg = (struct l2tp_bytes){ v + 4, len - 4 };
		else
			m->result_msg = (struct l2tp_bytes){ NULL, 0 };
		break;
	case L2TP_AVP_PROTOCOL_VERSION:
		m->proto_ver = v[0];
		m->proto_rev = v[1];
		break;
	case L2TP_AVP_FRAMING_CAP:
		m->framing_cap = get32(v);
		break;
	case L2TP_AVP_BEARER_CAP:
		m->bearer_cap = get32(v);
		break;
	case L2TP_AVP_FIRMWARE_REV:
		m->firmware_rev = get16(v);
		break;
	case L2TP_AVP_HOST_NAME:
		m->host_name = b;
		break;
	case L2TP_AVP_VENDOR_NAME:
		m->vendor_name = b;
		break;
	case L2TP_AVP_ASSIGNED_TUNNEL_ID:
		m->tunnel_id = get16(v);
		/* 0 is no tunnel: fine in a StopCCN refusing to make one. */
		if (!m->tunnel_id && m->type != L2TP_MT_STOPCCN)
			return value_range(err, type, "tunnel ID 0 is reserved");
		break;
	case L2TP_AVP_RECV_WINDOW_SIZE:
		m->rws = get16(v);
		if (!m->rws)
			return value_range(err, type, "window of 0 messages");
		break;
	case L2TP_AVP_CHALLENGE:
		m->challenge = b;
		break;
	case L2TP_AVP_Q931_CAUSE:
		m->q931_cause = get16(v);
		m->q931_msg = v[2];
		break;
	case L2TP_AVP_CHALLENGE_RESPONSE:
		m->challenge_resp = v;
		break;
	case L2TP_AVP_ASSIGNED_SESSION_ID:
		m->session_id = get16(v);
		/* 0 is no session: fine in a CDN refusing to make one. */
		if (!m->session_id && m->type != L2TP_MT_CDN)
			return value_range(err, type, "session ID 0 is reserved");
		break;
	case L2TP_AVP_CALL_SERIAL:
		m->call_serial = get32(v);
		break;
	case L2TP_AVP_BEARER_TYPE:
		m->bearer_type = get32(v);
		break;
	case L2TP_AVP_FRAMING_TYPE:
		m->framing_type = get32(v);
		break;
	case L2TP_AVP_TX_CONNECT_SPEED:
		m->tx_speed = get32(v);
		break;
	case L2TP_AVP_RX_CONNECT_SPEED:
		m->rx_speed = get32(v);
		break;
	case L2TP_AVP_PHYS_CHANNEL_ID:
		m->phys_channel = get32(v);
		break;
	case L2TP_AVP_CALLED_NUMBER:
		m->called = b;
		break;
	case L2TP_AVP_CALLING_NUMBER:
		m->calling = b;
		break;
	case L2TP_AVP_SEQUENCING_REQUIRED:
		m->seq_required = true;
		break;
	default:
		/*
		 * Known and length-checked, but nothing an LNS acts on: the
		 * proxy LCP and authentication AVPs (we run our own LCP and
		 * authentication), tie breaker, bps limits, sub-address,
		 * private group, call errors, ACCM.
		 */
		break;
	}
	return 0;
}

/* Reveal a hidden value into m->scratch; *v and *len then point there. */
static int reveal(struct l2tp_msg *m, const struct l2tp_avp *a,
		  const uint8_t *secret, size_t secret_len,
		  const struct l2tp_bytes *rv, const uint8_t **v,
		  uint16_t *len, struct l2tp_msg_err *err)
{
	const char *name = l2tp_avp_type_name(a->type);
	uint8_t *out = m->scratch + m->scratch_used;
	uint16_t orig;

	if (avp_descs[a->type].no_hide)
		return fail(err, L2TP_MSG_ERR_HIDE_FORBIDDEN, a->type,
			    L2TP_ERR_RANGE, "AVP %s (%u) may not be hidden",
			    name, a->type);
	if (!secret)
		return fail(err, L2TP_MSG_ERR_HIDE_NO_SECRET, a->type,
			    L2TP_ERR_VENDOR,
			    "AVP %s (%u) is hidden but no tunnel secret is configured",
			    name, a->type);
	if (!rv->p)
		return fail(err, L2TP_MSG_ERR_HIDE_NO_RV, a->type,
			    L2TP_ERR_RANGE,
			    "AVP %s (%u) is hidden but no Random Vector precedes it",
			    name, a->type);
	if (a->len < 2 || a->len > sizeof(m->scratch) - m->scratch_used)
		return fail(err, L2TP_MSG_ERR_HIDE_BAD, a->type,
			    L2TP_ERR_LENGTH,
			    "hidden AVP %s (%u): %u bytes cannot hold a hidden value",
			    name, a->type, a->len);
	if (l2tp_reveal(a->type, secret, secret_len, rv->p, rv->len,
			a->value, out, a->len))
		return fail(err, L2TP_MSG_ERR_HIDE_CRYPTO, a->type,
			    L2TP_ERR_VENDOR, "MD5 is not available");
	orig = get16(out);
	if (orig > a->len - 2)
		return fail(err, L2TP_MSG_ERR_HIDE_BAD, a->type,
			    L2TP_ERR_LENGTH,
			    "hidden AVP %s (%u): original length %u exceeds the %u bytes hidden (wrong secret?)",
			    name, a->type, orig, a->len - 2);
	m->scratch_used += a->len;
	*v = out + 2;
	*len = orig;
	return 0;
}

/* Handle one AVP after the first: skip, reject or decode it. */
static int parse_avp(struct l2tp_msg *m, const struct l2tp_avp *a,
		     const uint8_t *secret, size_t secret_len,
		     struct l2tp_bytes *rv, struct l2tp_msg_err *err)
{
	const struct avp_desc *d = NULL;
	const uint8_t *v = a->value;
	uint16_t len = a->len;

	/* §4.1: a reserved bit set makes the AVP unrecognized. */
	if (!a->vendor && !a->reserved && a->type <= L2TP_AVP_TYPE_MAX &&
	    avp_descs[a->type].name)
		d = &avp_descs[a->type];
	if (!d) {
		if (!a->mandatory) {
			m->ignored++;
			return 0;
		}
		err->vendor = a->vendor;
		return fail(err, L2TP_MSG_ERR_UNKNOWN_AVP, a->type,
			    L2TP_ERR_UNKNOWN_AVP,
			    "unknown mandatory AVP: vendor %u type %u%s",
			    a->vendor, a->type,
			    a->reserved ? " (reserved bits set)" : "");
	}
	if (a->hidden && reveal(m, a, secret, secret_len, rv, &v, &len, err))
		return -1;
	if (len < d->min || (d->max != ANY && len > d->max))
		return fail(err, L2TP_MSG_ERR_VALUE_LEN, a->type,
			    L2TP_ERR_LENGTH,
			    "AVP %s (%u): value length %u, expected %u%s%s",
			    d->name, a->type, len, d->min,
			    d->max == d->min ? "" : " or more",
			    a->hidden ? " (hidden)" : "");
	if (a->type == L2TP_AVP_MESSAGE_TYPE)
		return fail(err, L2TP_MSG_ERR_VALUE, a->type, L2TP_ERR_RANGE,
			    "second Message Type AVP at offset %u", a->offset);
	if (a->type == L2TP_AVP_RANDOM_VECTOR)
		*rv = (struct l2tp_bytes){ v, len };
	m->present |= BIT(a->type);
	return decode_value(m, a->type, v, len, err);
}

static int iter_error(int rc, const struct l2tp_avp *a,
		      struct l2tp_msg_err *err)
{
	static const enum l2tp_msg_err_code codes[] = {
		[L2TP_AVP_ERR_TRUNCATED] = L2TP_MSG_ERR_AVP_TRUNCATED,
		[L2TP_AVP_ERR_LEN_SMALL] = L2TP_MSG_ERR_AVP_LEN_SMALL,
		[L2TP_AVP_ERR_OVERRUN] = L2TP_MSG_ERR_AVP_OVERRUN,
	};

	return fail(err, codes[-rc], 0xffff, L2TP_ERR_LENGTH,
		    "AVP at offset %u: %s", a->offset,
		    l2tp_avp_strerror((enum l2tp_avp_err)-rc));
}

static bool known_msg_type(uint16_t t)
{
	return t && t <= L2TP_MT_MAX && msg_names[t];
}

static int check_required(const struct l2tp_msg *m, struct l2tp_msg_err *err)
{
	uint64_t missing = required[m->type] & ~m->present;
	unsigned int t;

	if (!missing)
		return 0;
	for (t = 0; !(missing & BIT(t)); t++)
		;
	return fail(err, L2TP_MSG_ERR_MISSING, (uint16_t)t, L2TP_ERR_VENDOR,
		    "%s without the required %s AVP (%u)",
		    l2tp_msg_type_name(m->type), l2tp_avp_type_name(t), t);
}

int l2tp_msg_parse(const uint8_t *avps, size_t len, const uint8_t *secret,
		   size_t secret_len, struct l2tp_msg *m,
		   struct l2tp_msg_err *err)
{
	struct l2tp_bytes rv = { NULL, 0 };
	struct l2tp_avp_iter it;
	struct l2tp_avp a;
	int rc;

	memset(m, 0, offsetof(struct l2tp_msg, scratch));
	m->scratch_used = 0;
	memset(err, 0, sizeof(*err));
	l2tp_avp_iter_init(&it, avps, len);

	/* §4.4.1: the Message Type AVP comes first, plain, vendor 0. */
	rc = l2tp_avp_next(&it, &a);
	if (rc < 0)
		return iter_error(rc, &a, err);
	if (rc == 0 || a.vendor || a.type != L2TP_AVP_MESSAGE_TYPE ||
	    a.hidden || a.reserved)
		return fail(err, L2TP_MSG_ERR_NO_TYPE, L2TP_AVP_MESSAGE_TYPE,
			    L2TP_ERR_RANGE,
			    "first AVP is not a plain Message Type AVP");
	if (a.len != 2)
		return fail(err, L2TP_MSG_ERR_VALUE_LEN, L2TP_AVP_MESSAGE_TYPE,
			    L2TP_ERR_LENGTH,
			    "AVP Message Type (0): value length %u, expected 2",
			    a.len);
	m->type = get16(a.value);
	m->type_mandatory = a.mandatory;
	m->present = BIT(L2TP_AVP_MESSAGE_TYPE);
	if (!known_msg_type(m->type))
		return fail(err, L2TP_MSG_ERR_UNKNOWN_MSG, L2TP_AVP_MESSAGE_TYPE,
			    L2TP_ERR_UNKNOWN_AVP, "unknown message type %u%s",
			    m->type, a.mandatory ? " (M bit set)" : "");

	while ((rc = l2tp_avp_next(&it, &a)) > 0)
		if (parse_avp(m, &a, secret, secret_len, &rv, err))
			return -1;
	if (rc < 0)
		return iter_error(rc, &a, err);
	return check_required(m, err);
}
