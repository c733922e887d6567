/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RADIUS packet codec (RFC 2865, 2866, 3579, 5176; vendor attributes
 * of RFC 2548): pure functions over buffers with explicit lengths.  A
 * parsed packet points into the caller's buffer; nothing is copied.
 * Authenticators and hidden attributes are in radius/crypto.h.
 */
#ifndef ROAMD_RADIUS_PACKET_H
#define ROAMD_RADIUS_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RADIUS_HDR_LEN		20
#define RADIUS_AUTH_LEN		16
#define RADIUS_MAX_LEN		4096	/* RFC 2865 3 */
#define RADIUS_ATTR_MAX		253	/* value octets of one attribute */
#define RADIUS_MSG_AUTH_LEN	16

#define RADIUS_AUTH_PORT	1812
#define RADIUS_ACCT_PORT	1813
#define RADIUS_DAE_PORT		3799	/* RFC 5176 */

enum radius_code {
	RADIUS_ACCESS_REQUEST = 1,
	RADIUS_ACCESS_ACCEPT = 2,
	RADIUS_ACCESS_REJECT = 3,
	RADIUS_ACCOUNTING_REQUEST = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE = 11,
	RADIUS_DISCONNECT_REQUEST = 40,
	RADIUS_DISCONNECT_ACK = 41,
	RADIUS_DISCONNECT_NAK = 42,
	RADIUS_COA_REQUEST = 43,
	RADIUS_COA_ACK = 44,
	RADIUS_COA_NAK = 45,
};

/* Attribute types (RFC 2865 5, 2866 5, 2869 5, 3579 3, 5176 3.5). */
enum radius_attr_type {
	RADIUS_USER_NAME = 1,
	RADIUS_USER_PASSWORD = 2,
	RADIUS_CHAP_PASSWORD = 3,
	RADIUS_NAS_IP_ADDRESS = 4,
	RADIUS_NAS_PORT = 5,
	RADIUS_SERVICE_TYPE = 6,
	RADIUS_FRAMED_PROTOCOL = 7,
	RADIUS_FRAMED_IP_ADDRESS = 8,
	RADIUS_FILTER_ID = 11,
	RADIUS_REPLY_MESSAGE = 18,
	RADIUS_FRAMED_ROUTE = 22,
	RADIUS_STATE = 24,
	RADIUS_CLASS = 25,
	RADIUS_VENDOR_SPECIFIC = 26,
	RADIUS_SESSION_TIMEOUT = 27,
	RADIUS_IDLE_TIMEOUT = 28,
	RADIUS_CALLED_STATION_ID = 30,
	RADIUS_CALLING_STATION_ID = 31,
	RADIUS_NAS_IDENTIFIER = 32,
	RADIUS_PROXY_STATE = 33,
	RADIUS_ACCT_STATUS_TYPE = 40,
	RADIUS_ACCT_DELAY_TIME = 41,
	RADIUS_ACCT_INPUT_OCTETS = 42,
	RADIUS_ACCT_OUTPUT_OCTETS = 43,
	RADIUS_ACCT_SESSION_ID = 44,
	RADIUS_ACCT_AUTHENTIC = 45,
	RADIUS_ACCT_SESSION_TIME = 46,
	RADIUS_ACCT_INPUT_PACKETS = 47,
	RADIUS_ACCT_OUTPUT_PACKETS = 48,
	RADIUS_ACCT_TERMINATE_CAUSE = 49,
	RADIUS_ACCT_MULTI_SESSION_ID = 50,
	RADIUS_ACCT_INPUT_GIGAWORDS = 52,
	RADIUS_ACCT_OUTPUT_GIGAWORDS = 53,
	RADIUS_EVENT_TIMESTAMP = 55,
	RADIUS_CHAP_CHALLENGE = 60,
	RADIUS_NAS_PORT_TYPE = 61,
	RADIUS_MESSAGE_AUTHENTICATOR = 80,
	RADIUS_ACCT_INTERIM_INTERVAL = 85,
	RADIUS_NAS_PORT_ID = 87,
	RADIUS_FRAMED_POOL = 88,
	RADIUS_ERROR_CAUSE = 101,
};

/* Microsoft's vendor attributes (RFC 2548). */
#define RADIUS_VENDOR_MICROSOFT	311
enum radius_ms_type {
	RADIUS_MS_CHAP_RESPONSE = 1,
	RADIUS_MS_CHAP_ERROR = 2,
	RADIUS_MS_MPPE_ENCRYPTION_POLICY = 7,
	RADIUS_MS_MPPE_ENCRYPTION_TYPES = 8,
	RADIUS_MS_CHAP_DOMAIN = 10,
	RADIUS_MS_CHAP_CHALLENGE = 11,
	RADIUS_MS_CHAP_MPPE_KEYS = 12,
	RADIUS_MS_MPPE_SEND_KEY = 16,
	RADIUS_MS_MPPE_RECV_KEY = 17,
	RADIUS_MS_CHAP2_RESPONSE = 25,
	RADIUS_MS_CHAP2_SUCCESS = 26,
};

/* Acct-Status-Type values (RFC 2866 5.1). */
enum radius_acct_status {
	RADIUS_ACCT_START = 1,
	RADIUS_ACCT_STOP = 2,
	RADIUS_ACCT_INTERIM_UPDATE = 3,
	RADIUS_ACCT_ON = 7,
	RADIUS_ACCT_OFF = 8,
};

/* Acct-Terminate-Cause values (RFC 2866 5.10). */
enum radius_term_cause {
	RADIUS_TERM_USER_REQUEST = 1,
	RADIUS_TERM_LOST_CARRIER = 2,
	RADIUS_TERM_LOST_SERVICE = 3,
	RADIUS_TERM_IDLE_TIMEOUT = 4,
	RADIUS_TERM_SESSION_TIMEOUT = 5,
	RADIUS_TERM_ADMIN_RESET = 6,
	RADIUS_TERM_ADMIN_REBOOT = 7,
	RADIUS_TERM_PORT_ERROR = 8,
	RADIUS_TERM_NAS_ERROR = 9,
	RADIUS_TERM_NAS_REQUEST = 10,
	RADIUS_TERM_NAS_REBOOT = 11,
	RADIUS_TERM_SERVICE_UNAVAILABLE = 15,
};

/* Error-Cause values (RFC 5176 3.5). */
enum radius_error_cause {
	RADIUS_ERR_UNSUPPORTED_ATTRIBUTE = 401,
	RADIUS_ERR_MISSING_ATTRIBUTE = 402,
	RADIUS_ERR_NAS_ID_MISMATCH = 403,
	RADIUS_ERR_INVALID_REQUEST = 404,
	RADIUS_ERR_UNSUPPORTED_SERVICE = 405,
	RADIUS_ERR_SESSION_NOT_FOUND = 503,
	RADIUS_ERR_RESOURCES_UNAVAILABLE = 506,
};

/*
 * A packet as received: the header's fields and the attributes, which
 * radius_parse() has checked to tile them exactly.
 */
struct radius_packet {
	const uint8_t *raw;		/* the whole packet, len octets */
	size_t len;			/* from the Length field */
	uint8_t code;
	uint8_t id;
	const uint8_t *auth;		/* 16 octets */
	const uint8_t *attrs;
	size_t attrs_len;
};

/*
 * One attribute.  A Vendor-Specific attribute in RFC 2865's suggested
 * format is seen as its sub-attributes, with vendor set; one that is
 * not (a vendor format we do not know) is seen whole, type 26, vendor 0.
 */
struct radius_attr {
	uint8_t type;			/* the vendor's type when vendor != 0 */
	uint32_t vendor;
	const uint8_t *val;
	size_t len;
	size_t off;			/* of the attribute's header in raw */
};

/*
 * Check a datagram: header, Length (extra octets after it are padding
 * and ignored, RFC 2865 3), every attribute's length.  0, or -1 with
 * *err naming what is wrong.
 */
int radius_parse(const uint8_t *buf, size_t len, struct radius_packet *p,
		 const char **err);

/* Iterate: set *cursor to 0 first; 1 with an attribute, 0 at the end. */
int radius_attr_next(const struct radius_packet *p, size_t *cursor,
		     struct radius_attr *a);
/* The first attribute of that vendor (0: standard) and type; true if found. */
bool radius_attr_find(const struct radius_packet *p, uint32_t vendor,
		      uint8_t type, struct radius_attr *a);
/* An Integer, Address or Time attribute (4 octets); -1 if absent or not 4. */
int radius_attr_u32(const struct radius_packet *p, uint32_t vendor,
		    uint8_t type, uint32_t *v);

/*
 * Building: the header first, then attributes; an attribute that does
 * not fit sets b->overflow and is dropped, and radius_build_end() then
 * fails, so callers check once at the end.
 */
struct radius_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	size_t msg_auth_off;		/* of the Message-Authenticator value, 0 if none */
	bool overflow;
};

void radius_build_begin(struct radius_builder *b, uint8_t *buf, size_t cap,
			uint8_t code, uint8_t id,
			const uint8_t auth[RADIUS_AUTH_LEN]);
void radius_put(struct radius_builder *b, uint8_t type, const void *val,
		size_t len);
void radius_put_str(struct radius_builder *b, uint8_t type, const char *s);
void radius_put_u32(struct radius_builder *b, uint8_t type, uint32_t v);
void radius_put_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		    const void *val, size_t len);
/* A zeroed Message-Authenticator, filled by radius_sign_*(). */
void radius_put_msg_auth(struct radius_builder *b);
/* Writes the Length; the packet's length, or -1 if anything overflowed. */
int radius_build_end(struct radius_builder *b);

const char *radius_code_name(uint8_t code);

#endif /* ROAMD_RADIUS_PACKET_H */
