// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP control message codec.  A cursor walks the body in wire order, so
 * each message's layout reads as a list of its fields in RFC 2637 order;
 * the fixed size of the type is checked before the walk, so the cursor
 * never runs past the message.
 */
#include <stdio.h>
#include <string.h>

#include "msg.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const uint16_t msg_size[PPTP_CTRL_MAX + 1] = {
	[PPTP_SCCRQ]	= 156,
	[PPTP_SCCRP]	= 156,
	[PPTP_STOPCCRQ]	= 16,
	[PPTP_STOPCCRP]	= 16,
	[PPTP_ECHORQ]	= 16,
	[PPTP_ECHORP]	= 20,
	[PPTP_OCRQ]	= 168,
	[PPTP_OCRP]	= 32,
	[PPTP_ICRQ]	= 220,
	[PPTP_ICRP]	= 24,
	[PPTP_ICCN]	= 28,
	[PPTP_CCRQ]	= 16,
	[PPTP_CDN]	= 148,
	[PPTP_WEN]	= 40,
	[PPTP_SLI]	= 24,
};

size_t pptp_msg_size(unsigned int type)
{
	return type <= PPTP_CTRL_MAX ? msg_size[type] : 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* ---- reading ----------------------------------------------------------- */

struct rd {
	const uint8_t *p;
};

static uint8_t r8(struct rd *r)
{
	return *r->p++;
}

static uint16_t r16(struct rd *r)
{
	uint16_t v = get16(r->p);

	r->p += 2;
	return v;
}

static uint32_t r32(struct rd *r)
{
	uint32_t v = get32(r->p);

	r->p += 4;
	return v;
}

static void rskip(struct rd *r, size_t n)
{
	r->p += n;
}

/* A fixed text field: up to the first NUL, never past its width. */
static void rtext(struct rd *r, char *dst, size_t width)
{
	size_t n = strnlen((const char *)r->p, width);

	memcpy(dst, r->p, n);
	dst[n] = '\0';
	r->p += width;
}

static void set_err(struct pptp_msg_err *err, enum pptp_msg_errcode code,
		    const char *fmt, unsigned int a, unsigned int b)
{
	if (!err)
		return;
	err->code = code;
	snprintf(err->text, sizeof(err->text), fmt, a, b);
}

enum pptp_msg_errcode pptp_hdr_check(const uint8_t *buf, size_t len,
				     struct pptp_msg_err *err)
{
	unsigned int length, mtype, ctype;
	size_t want;

	if (len < PPTP_HDR_LEN) {
		set_err(err, PPTP_MSG_ERR_TRUNCATED,
			"message of %u octets, shorter than the %u-octet header",
			(unsigned int)len, PPTP_HDR_LEN);
		return PPTP_MSG_ERR_TRUNCATED;
	}
	length = get16(buf);
	mtype = get16(buf + 2);
	ctype = get16(buf + 8);
	if (length < PPTP_HDR_LEN) {
		set_err(err, PPTP_MSG_ERR_LENGTH_SHORT,
			"Length %u is below the %u-octet header", length,
			PPTP_HDR_LEN);
		return PPTP_MSG_ERR_LENGTH_SHORT;
	}
	if (mtype != PPTP_MSG_CONTROL) {
		set_err(err, PPTP_MSG_ERR_MSG_TYPE,
			"PPTP Message Type %u, only %u (control) is used",
			mtype, PPTP_MSG_CONTROL);
		return PPTP_MSG_ERR_MSG_TYPE;
	}
	if (get32(buf + 4) != PPTP_MAGIC) {
		set_err(err, PPTP_MSG_ERR_MAGIC,
			"Magic Cookie 0x%08X, expected 0x%08X",
			get32(buf + 4), PPTP_MAGIC);
		return PPTP_MSG_ERR_MAGIC;
	}
	want = pptp_msg_size(ctype);
	if (!want) {
		set_err(err, PPTP_MSG_ERR_CTRL_TYPE,
			"unknown Control Message Type %u (%u octets)", ctype,
			length);
		return PPTP_MSG_ERR_CTRL_TYPE;
	}
	if (length != want) {
		if (err) {
			err->code = PPTP_MSG_ERR_LENGTH_TYPE;
			snprintf(err->text, sizeof(err->text),
				 "%s with Length %u, its size is %zu",
				 pptp_ctrl_type_name(ctype), length, want);
		}
		return PPTP_MSG_ERR_LENGTH_TYPE;
	}
	if (get16(buf + 10) != 0) {
		set_err(err, PPTP_MSG_ERR_RESERVED,
			"Reserved0 is 0x%04X, must be 0 (type %u)",
			get16(buf + 10), ctype);
		return PPTP_MSG_ERR_RESERVED;
	}
	return PPTP_MSG_OK;
}

static void parse_body(struct rd *r, struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_SCCRQ:
	case PPTP_SCCRP:
		m->proto_ver = r16(r);
		if (m->type == PPTP_SCCRQ) {
			rskip(r, 2);
		} else {
			m->result = r8(r);
			m->error = r8(r);
		}
		m->framing_cap = r32(r);
		m->bearer_cap = r32(r);
		m->max_channels = r16(r);
		m->firmware_rev = r16(r);
		rtext(r, m->host_name, PPTP_NAME_LEN);
		rtext(r, m->vendor, PPTP_NAME_LEN);
		break;
	case PPTP_STOPCCRQ:
		m->reason = r8(r);
		break;
	case PPTP_STOPCCRP:
		m->result = r8(r);
		m->error = r8(r);
		break;
	case PPTP_ECHORQ:
		m->echo_id = r32(r);
		break;
	case PPTP_ECHORP:
		m->echo_id = r32(r);
		m->result = r8(r);
		m->error = r8(r);
		break;
	case PPTP_OCRQ:
		m->call_id = r16(r);
		m->call_serial = r16(r);
		m->min_bps = r32(r);
		m->max_bps = r32(r);
		m->bearer_type = r32(r);
		m->framing_type = r32(r);
		m->rx_window = r16(r);
		m->proc_delay = r16(r);
		m->phone_len = r16(r);
		rskip(r, 2);
		rtext(r, m->phone, PPTP_NAME_LEN);
		rtext(r, m->subaddr, PPTP_NAME_LEN);
		break;
	case PPTP_OCRP:
		m->call_id = r16(r);
		m->peer_call_id = r16(r);
		m->result = r8(r);
		m->error = r8(r);
		m->cause = r16(r);
		m->connect_speed = r32(r);
		m->rx_window = r16(r);
		m->proc_delay = r16(r);
		m->phys_channel = r32(r);
		break;
	case PPTP_ICRQ:
		m->call_id = r16(r);
		m->call_serial = r16(r);
		m->bearer_type = r32(r);
		m->phys_channel = r32(r);
		m->phone_len = r16(r);
		m->dialing_len = r16(r);
		rtext(r, m->phone, PPTP_NAME_LEN);
		rtext(r, m->dialing, PPTP_NAME_LEN);
		rtext(r, m->subaddr, PPTP_NAME_LEN);
		break;
	case PPTP_ICRP:
		m->call_id = r16(r);
		m->peer_call_id = r16(r);
		m->result = r8(r);
		m->error = r8(r);
		m->rx_window = r16(r);
		m->proc_delay = r16(r);
		break;
	case PPTP_ICCN:
		m->peer_call_id = r16(r);
		rskip(r, 2);
		m->connect_speed = r32(r);
		m->rx_window = r16(r);
		m->proc_delay = r16(r);
		m->framing_type = r32(r);
		break;
	case PPTP_CCRQ:
		m->call_id = r16(r);
		break;
	case PPTP_CDN:
		m->call_id = r16(r);
		m->result = r8(r);
		m->error = r8(r);
		m->cause = r16(r);
		rskip(r, 2);
		rtext(r, m->call_stats, PPTP_STATS_LEN);
		break;
	case PPTP_WEN:
		m->peer_call_id = r16(r);
		rskip(r, 2);
		m->wan.crc = r32(r);
		m->wan.framing = r32(r);
		m->wan.hw_overrun = r32(r);
		m->wan.buf_overrun = r32(r);
		m->wan.timeout = r32(r);
		m->wan.alignment = r32(r);
		break;
	case PPTP_SLI:
		m->peer_call_id = r16(r);
		rskip(r, 2);
		m->send_accm = r32(r);
		m->recv_accm = r32(r);
		break;
	}
}

int pptp_msg_parse(const uint8_t *buf, size_t len, struct pptp_msg *m,
		   struct pptp_msg_err *err)
{
	struct rd r;
	size_t length;

	if (err) {
		err->code = PPTP_MSG_OK;
		err->text[0] = '\0';
	}
	if (pptp_hdr_check(buf, len, err) != PPTP_MSG_OK)
		return -1;
	length = get16(buf);
	if (len < length) {
		set_err(err, PPTP_MSG_ERR_TRUNCATED,
			"message of %u octets, its Length says %u",
			(unsigned int)len, (unsigned int)length);
		return -1;
	}
	memset(m, 0, sizeof(*m));
	m->type = get16(buf + 8);
	r.p = buf + PPTP_HDR_LEN;
	parse_body(&r, m);
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

struct wr {
	uint8_t *p;
};

static void w8(struct wr *w, uint8_t v)
{
	*w->p++ = v;
}

static void w16(struct wr *w, uint16_t v)
{
	w->p[0] = v >> 8;
	w->p[1] = v & 0xff;
	w->p += 2;
}

static void w32(struct wr *w, uint32_t v)
{
	w->p[0] = v >> 24;
	w->p[1] = (v >> 16) & 0xff;
	w->p[2] = (v >> 8) & 0xff;
	w->p[3] = v & 0xff;
	w->p += 4;
}

/* Buffer pre-zeroed: reserved fields and padding stay zero. */
static void wskip(struct wr *w, size_t n)
{
	w->p += n;
}

static void wtext(struct wr *w, const char *s, size_t width)
{
	memcpy(w->p, s, strnlen(s, width));
	w->p += width;
}

static void build_body(struct wr *w, const struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_SCCRQ:
	case PPTP_SCCRP:
		w16(w, m->proto_ver);
		if (m->type == PPTP_SCCRQ) {
			wskip(w, 2);
		} else {
			w8(w, m->result);
			w8(w, m->error);
		}
		w32(w, m->framing_cap);
		w32(w, m->bearer_cap);
		w16(w, m->max_channels);
		w16(w, m->firmware_rev);
		wtext(w, m->host_name, PPTP_NAME_LEN);
		wtext(w, m->vendor, PPTP_NAME_LEN);
		break;
	case PPTP_STOPCCRQ:
		w8(w, m->reason);
		break;
	case PPTP_STOPCCRP:
		w8(w, m->result);
		w8(w, m->error);
		break;
	case PPTP_ECHORQ:
		w32(w, m->echo_id);
		break;
	case PPTP_ECHORP:
		w32(w, m->echo_id);
		w8(w, m->result);
		w8(w, m->error);
		break;
	case PPTP_OCRQ:
		w16(w, m->call_id);
		w16(w, m->call_serial);
		w32(w, m->min_bps);
		w32(w, m->max_bps);
		w32(w, m->bearer_type);
		w32(w, m->framing_type);
		w16(w, m->rx_window);
		w16(w, m->proc_delay);
		w16(w, m->phone_len);
		wskip(w, 2);
		wtext(w, m->phone, PPTP_NAME_LEN);
		wtext(w, m->subaddr, PPTP_NAME_LEN);
		break;
	case PPTP_OCRP:
		w16(w, m->call_id);
		w16(w, m->peer_call_id);
		w8(w, m->result);
		w8(w, m->error);
		w16(w, m->cause);
		w32(w, m->connect_speed);
		w16(w, m->rx_window);
		w16(w, m->proc_delay);
		w32(w, m->phys_channel);
		break;
	case PPTP_ICRQ:
		w16(w, m->call_id);
		w16(w, m->call_serial);
		w32(w, m->bearer_type);
		w32(w, m->phys_channel);
		w16(w, m->phone_len);
		w16(w, m->dialing_len);
		wtext(w, m->phone, PPTP_NAME_LEN);
		wtext(w, m->dialing, PPTP_NAME_LEN);
		wtext(w, m->subaddr, PPTP_NAME_LEN);
		break;
	case PPTP_ICRP:
		w16(w, m->call_id);
		w16(w, m->peer_call_id);
		w8(w, m->result);
		w8(w, m->error);
		w16(w, m->rx_window);
		w16(w, m->proc_delay);
		break;
	case PPTP_ICCN:
		w16(w, m->peer_call_id);
		wskip(w, 2);
		w32(w, m->connect_speed);
		w16(w, m->rx_window);
		w16(w, m->proc_delay);
		w32(w, m->framing_type);
		break;
	case PPTP_CCRQ:
		w16(w, m->call_id);
		break;
	case PPTP_CDN:
		w16(w, m->call_id);
		w8(w, m->result);
		w8(w, m->error);
		w16(w, m->cause);
		wskip(w, 2);
		wtext(w, m->call_stats, PPTP_STATS_LEN);
		break;
	case PPTP_WEN:
		w16(w, m->peer_call_id);
		wskip(w, 2);
		w32(w, m->wan.crc);
		w32(w, m->wan.framing);
		w32(w, m->wan.hw_overrun);
		w32(w, m->wan.buf_overrun);
		w32(w, m->wan.timeout);
		w32(w, m->wan.alignment);
		break;
	case PPTP_SLI:
		w16(w, m->peer_call_id);
		wskip(w, 2);
		w32(w, m->send_accm);
		w32(w, m->recv_accm);
		break;
	}
}

size_t pptp_msg_build(const struct pptp_msg *m, uint8_t *buf, size_t cap)
{
	size_t size = pptp_msg_size(m->type);
	struct wr w = { .p = buf };

	if (!size || cap < size)
		return 0;
	memset(buf, 0, size);
	w16(&w, (uint16_t)size);
	w16(&w, PPTP_MSG_CONTROL);
	w32(&w, PPTP_MAGIC);
	w16(&w, (uint16_t)m->type);
	wskip(&w, 2);
	build_body(&w, m);
	return size;
}

/* ---- names ------------------------------------------------------------- */

const char *pptp_ctrl_type_name(unsigned int type)
{
	static const char *const names[PPTP_CTRL_MAX + 1] = {
		[PPTP_SCCRQ]	= "Start-Control-Connection-Request",
		[PPTP_SCCRP]	= "Start-Control-Connection-Reply",
		[PPTP_STOPCCRQ]	= "Stop-Control-Connection-Request",
		[PPTP_STOPCCRP]	= "Stop-Control-Connection-Reply",
		[PPTP_ECHORQ]	= "Echo-Request",
		[PPTP_ECHORP]	= "Echo-Reply",
		[PPTP_OCRQ]	= "Outgoing-Call-Request",
		[PPTP_OCRP]	= "Outgoing-Call-Reply",
		[PPTP_ICRQ]	= "Incoming-Call-Request",
		[PPTP_ICRP]	= "Incoming-Call-Reply",
		[PPTP_ICCN]	= "Incoming-Call-Connected",
		[PPTP_CCRQ]	= "Call-Clear-Request",
		[PPTP_CDN]	= "Call-Disconnect-Notify",
		[PPTP_WEN]	= "WAN-Error-Notify",
		[PPTP_SLI]	= "Set-Link-Info",
	};

	if (type > PPTP_CTRL_MAX || !names[type])
		return "unknown message";
	return names[type];
}

const char *pptp_result_name(unsigned int type, unsigned int result)
{
	static const char *const sccrp[] = {
		NULL, "successful channel establishment", "general error",
		"command channel already exists",
		"requester is not authorized",
		"protocol version not supported",
	};
	static const char *const ok[] = { NULL, "OK", "general error" };
	static const char *const ocrp[] = {
		NULL, "connected", "general error", "no carrier", "busy",
		"no dial tone", "time-out", "do not accept",
	};
	static const char *const icrp[] = {
		NULL, "connect", "general error", "do not accept",
	};
	static const char *const cdn[] = {
		NULL, "lost carrier", "general error",
		"administrative shutdown", "call-clear-request",
	};
	const char *const *v = NULL;
	size_t n = 0;

#define PICK(a) do { v = (a); n = ARRAY_SIZE(a); } while (0)
	switch (type) {
	case PPTP_SCCRP:
		PICK(sccrp);
		break;
	case PPTP_STOPCCRP:
	case PPTP_ECHORP:
		PICK(ok);
		break;
	case PPTP_OCRP:
		PICK(ocrp);
		break;
	case PPTP_ICRP:
		PICK(icrp);
		break;
	case PPTP_CDN:
		PICK(cdn);
		break;
	}
#undef PICK
	if (!v || result >= n || !v[result])
		return "unknown result";
	return v[result];
}

const char *pptp_error_name(unsigned int error)
{
	static const char *const names[] = {
		[PPTP_ERR_NONE]		= "none",
		[PPTP_ERR_NOT_CONNECTED] = "not-connected",
		[PPTP_ERR_BAD_FORMAT]	= "bad-format",
		[PPTP_ERR_BAD_VALUE]	= "bad-value",
		[PPTP_ERR_NO_RESOURCE]	= "no-resource",
		[PPTP_ERR_BAD_CALL_ID]	= "bad-call-id",
		[PPTP_ERR_PAC_ERROR]	= "pac-error",
	};

	if (error >= ARRAY_SIZE(names))
		return "unknown error";
	return names[error];
}

const char *pptp_stop_reason_name(unsigned int reason)
{
	switch (reason) {
	case PPTP_STOP_NONE:		return "general request to clear";
	case PPTP_STOP_PROTOCOL:	return "protocol version not supported";
	case PPTP_STOP_LOCAL_SHUTDOWN:	return "local shutdown";
	}
	return "unknown reason";
}

const char *pptp_msg_strerror(enum pptp_msg_errcode code)
{
	switch (code) {
	case PPTP_MSG_OK:		return "no error";
	case PPTP_MSG_ERR_TRUNCATED:	return "truncated message";
	case PPTP_MSG_ERR_LENGTH_SHORT:	return "length below the header";
	case PPTP_MSG_ERR_LENGTH_TYPE:	return "length not the type's size";
	case PPTP_MSG_ERR_MSG_TYPE:	return "not a control message";
	case PPTP_MSG_ERR_MAGIC:	return "bad magic cookie";
	case PPTP_MSG_ERR_RESERVED:	return "reserved field set";
	case PPTP_MSG_ERR_CTRL_TYPE:	return "unknown control message type";
	case PPTP_MSG_ERR_MAX:
		break;
	}
	return "?";
}
