/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The numbers of L2TPv2 (RFC 2661) that more than one file needs: message
 * types, AVP attribute types, result and error codes, protocol constants.
 */
#ifndef ROAM_L2TP_PROTO_H
#define ROAM_L2TP_PROTO_H

#define L2TP_UDP_PORT		1701
#define L2TP_VERSION		2	/* header Ver field */
#define L2TP_PROTO_VERSION	1	/* Protocol Version AVP: 1.0 */
#define L2TP_PROTO_REVISION	0

/* Framing and bearer capability / type bits (§4.4.3, §4.4.5). */
#define L2TP_FRAMING_SYNC	0x00000001
#define L2TP_FRAMING_ASYNC	0x00000002
#define L2TP_BEARER_DIGITAL	0x00000001
#define L2TP_BEARER_ANALOG	0x00000002

/* A peer that sends no Receive Window Size AVP has a window of 4 (§4.4.3). */
#define L2TP_DEFAULT_PEER_RWS	4

enum l2tp_msg_type {
	L2TP_MT_SCCRQ = 1,
	L2TP_MT_SCCRP = 2,
	L2TP_MT_SCCCN = 3,
	L2TP_MT_STOPCCN = 4,
	L2TP_MT_HELLO = 6,
	L2TP_MT_OCRQ = 7,
	L2TP_MT_OCRP = 8,
	L2TP_MT_OCCN = 9,
	L2TP_MT_ICRQ = 10,
	L2TP_MT_ICRP = 11,
	L2TP_MT_ICCN = 12,
	L2TP_MT_CDN = 14,
	L2TP_MT_WEN = 15,
	L2TP_MT_SLI = 16,
	L2TP_MT_MAX = 16,
};

enum l2tp_avp_type {
	L2TP_AVP_MESSAGE_TYPE = 0,
	L2TP_AVP_RESULT_CODE = 1,
	L2TP_AVP_PROTOCOL_VERSION = 2,
	L2TP_AVP_FRAMING_CAP = 3,
	L2TP_AVP_BEARER_CAP = 4,
	L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE_REV = 6,
	L2TP_AVP_HOST_NAME = 7,
	L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,
	L2TP_AVP_RECV_WINDOW_SIZE = 10,
	L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931_CAUSE = 12,
	L2TP_AVP_CHALLENGE_RESPONSE = 13,
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,
	L2TP_AVP_CALL_SERIAL = 15,
	L2TP_AVP_MIN_BPS = 16,
	L2TP_AVP_MAX_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18,
	L2TP_AVP_FRAMING_TYPE = 19,
	L2TP_AVP_CALLED_NUMBER = 21,
	L2TP_AVP_CALLING_NUMBER = 22,
	L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_CONNECT_SPEED = 24,
	L2TP_AVP_PHYS_CHANNEL_ID = 25,
	L2TP_AVP_INIT_RECV_CONFREQ = 26,
	L2TP_AVP_LAST_SENT_CONFREQ = 27,
	L2TP_AVP_LAST_RECV_CONFREQ = 28,
	L2TP_AVP_PROXY_AUTH_TYPE = 29,
	L2TP_AVP_PROXY_AUTH_NAME = 30,
	L2TP_AVP_PROXY_AUTH_CHALLENGE = 31,
	L2TP_AVP_PROXY_AUTH_ID = 32,
	L2TP_AVP_PROXY_AUTH_RESPONSE = 33,
	L2TP_AVP_CALL_ERRORS = 34,
	L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36,
	L2TP_AVP_PRIVATE_GROUP_ID = 37,
	L2TP_AVP_RX_CONNECT_SPEED = 38,
	L2TP_AVP_SEQUENCING_REQUIRED = 39,
	L2TP_AVP_TYPE_MAX = 39,
};

/* Result Code values of a StopCCN (§4.4.2). */
enum l2tp_stopccn_result {
	L2TP_STOPCCN_CLEAR = 1,		/* general request to clear */
	L2TP_STOPCCN_ERROR = 2,		/* see the error code */
	L2TP_STOPCCN_EXISTS = 3,	/* control channel already exists */
	L2TP_STOPCCN_NOT_AUTHORIZED = 4,
	L2TP_STOPCCN_BAD_VERSION = 5,	/* error code: highest version we do */
	L2TP_STOPCCN_SHUTDOWN = 6,	/* requester is being shut down */
	L2TP_STOPCCN_FSM = 7,		/* finite state machine error */
};

/* Result Code values of a CDN (§4.4.2). */
enum l2tp_cdn_result {
	L2TP_CDN_LOST_CARRIER = 1,
	L2TP_CDN_ERROR = 2,		/* see the error code */
	L2TP_CDN_ADMIN = 3,		/* administrative reasons */
	L2TP_CDN_NO_FACILITY_TEMP = 4,
	L2TP_CDN_NO_FACILITY_PERM = 5,
	L2TP_CDN_INVALID_DEST = 6,
	L2TP_CDN_NO_CARRIER = 7,
	L2TP_CDN_BUSY = 8,
	L2TP_CDN_NO_DIALTONE = 9,
	L2TP_CDN_TIMEOUT = 10,
	L2TP_CDN_NO_FRAMING = 11,
};

/* General error codes that go with result 2 (§4.4.2). */
enum l2tp_error_code {
	L2TP_ERR_NONE = 0,
	L2TP_ERR_NO_TUNNEL = 1,		/* no control connection yet */
	L2TP_ERR_LENGTH = 2,		/* length is wrong */
	L2TP_ERR_RANGE = 3,		/* field out of range / reserved set */
	L2TP_ERR_RESOURCES = 4,		/* insufficient resources now */
	L2TP_ERR_SESSION_ID = 5,	/* session ID invalid in this context */
	L2TP_ERR_VENDOR = 6,		/* generic vendor-specific error */
	L2TP_ERR_TRY_ANOTHER = 7,
	L2TP_ERR_UNKNOWN_AVP = 8,	/* unknown AVP with the M bit */
};

#endif /* ROAM_L2TP_PROTO_H */
