/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The numbers of PPTP (RFC 2637) that more than one file needs: message
 * types and sizes, result, error and reason codes, capability bits.
 *
 * Roles: RFC 2637 calls the side that places calls the PNS and the side
 * that answers them the PAC.  A remote-access client (Windows, pptp-linux)
 * asks the server to "place" an outgoing call, so the server answers as
 * the PAC does: it receives Outgoing-Call-Request, Call-Clear-Request and
 * Set-Link-Info, and sends Outgoing-Call-Reply and Call-Disconnect-Notify.
 */
#ifndef ROAM_PPTP_PROTO_H
#define ROAM_PPTP_PROTO_H

#define PPTP_TCP_PORT		1723
#define PPTP_MAGIC		0x1a2b3c4d
#define PPTP_MSG_CONTROL	1	/* PPTP Message Type: control */
#define PPTP_MSG_MGMT		2	/* management: never used, refused */
#define PPTP_VERSION		0x0100	/* protocol version 1.0 */

/* Length, PPTP Message Type, Magic Cookie, Control Message Type, Reserved0 */
#define PPTP_HDR_LEN		12
/* The largest control message (Incoming-Call-Request). */
#define PPTP_MSG_MAX		220
/* Host Name, Vendor String, Phone Number, Subaddress ... */
#define PPTP_NAME_LEN		64
#define PPTP_STATS_LEN		128	/* Call Statistics of a CDN */

enum pptp_ctrl_type {
	PPTP_SCCRQ = 1,		/* Start-Control-Connection-Request */
	PPTP_SCCRP = 2,		/* Start-Control-Connection-Reply */
	PPTP_STOPCCRQ = 3,	/* Stop-Control-Connection-Request */
	PPTP_STOPCCRP = 4,	/* Stop-Control-Connection-Reply */
	PPTP_ECHORQ = 5,	/* Echo-Request */
	PPTP_ECHORP = 6,	/* Echo-Reply */
	PPTP_OCRQ = 7,		/* Outgoing-Call-Request */
	PPTP_OCRP = 8,		/* Outgoing-Call-Reply */
	PPTP_ICRQ = 9,		/* Incoming-Call-Request */
	PPTP_ICRP = 10,		/* Incoming-Call-Reply */
	PPTP_ICCN = 11,		/* Incoming-Call-Connected */
	PPTP_CCRQ = 12,		/* Call-Clear-Request */
	PPTP_CDN = 13,		/* Call-Disconnect-Notify */
	PPTP_WEN = 14,		/* WAN-Error-Notify */
	PPTP_SLI = 15,		/* Set-Link-Info */
	PPTP_CTRL_MAX = 15,
};

/* Start-Control-Connection-Reply Result Code (RFC 2637 2.2). */
enum pptp_sccrp_result {
	PPTP_SCCRP_OK = 1,		/* successful channel establishment */
	PPTP_SCCRP_GENERAL = 2,		/* general error: see Error Code */
	PPTP_SCCRP_EXISTS = 3,		/* command channel already exists */
	PPTP_SCCRP_NOT_AUTHORIZED = 4,	/* requester is not authorized */
	PPTP_SCCRP_VERSION = 5,		/* protocol version not supported */
};

/* Stop-Control-Connection-Request Reason (2.3). */
enum pptp_stop_reason {
	PPTP_STOP_NONE = 1,		/* general request to clear */
	PPTP_STOP_PROTOCOL = 2,		/* cannot support the peer's version */
	PPTP_STOP_LOCAL_SHUTDOWN = 3,	/* requester is being shut down */
};

/* Stop-Control-Connection-Reply and Echo-Reply Result Code (2.4, 2.6). */
enum pptp_ok_result {
	PPTP_RESULT_OK = 1,
	PPTP_RESULT_GENERAL = 2,	/* general error: see Error Code */
};

/* Outgoing-Call-Reply Result Code (2.8). */
enum pptp_ocrp_result {
	PPTP_OCRP_CONNECTED = 1,
	PPTP_OCRP_GENERAL = 2,		/* general error: see Error Code */
	PPTP_OCRP_NO_CARRIER = 3,
	PPTP_OCRP_BUSY = 4,
	PPTP_OCRP_NO_DIAL_TONE = 5,
	PPTP_OCRP_TIMEOUT = 6,
	PPTP_OCRP_DO_NOT_ACCEPT = 7,	/* administratively prohibited */
};

/* Incoming-Call-Reply Result Code (2.10). */
enum pptp_icrp_result {
	PPTP_ICRP_CONNECT = 1,
	PPTP_ICRP_GENERAL = 2,
	PPTP_ICRP_DO_NOT_ACCEPT = 3,
};

/* Call-Disconnect-Notify Result Code (2.13). */
enum pptp_cdn_result {
	PPTP_CDN_LOST_CARRIER = 1,
	PPTP_CDN_GENERAL = 2,		/* general error: see Error Code */
	PPTP_CDN_ADMIN = 3,		/* administrative shutdown */
	PPTP_CDN_REQUEST = 4,		/* answer to Call-Clear-Request */
};

/* General Error Codes (2.16), carried next to a "general error" result. */
enum pptp_error {
	PPTP_ERR_NONE = 0,
	PPTP_ERR_NOT_CONNECTED = 1,	/* no control connection yet */
	PPTP_ERR_BAD_FORMAT = 2,	/* length or magic cookie wrong */
	PPTP_ERR_BAD_VALUE = 3,		/* a field out of range, reserved set */
	PPTP_ERR_NO_RESOURCE = 4,	/* insufficient resources */
	PPTP_ERR_BAD_CALL_ID = 5,	/* the call ID is not known */
	PPTP_ERR_PAC_ERROR = 6,		/* vendor-specific error */
};

/* Framing and bearer capability / type bits (2.1, 2.7). */
#define PPTP_FRAMING_ASYNC	0x00000001
#define PPTP_FRAMING_SYNC	0x00000002
#define PPTP_BEARER_ANALOG	0x00000001
#define PPTP_BEARER_DIGITAL	0x00000002

#endif /* ROAM_PPTP_PROTO_H */
