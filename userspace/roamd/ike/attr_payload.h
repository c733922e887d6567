/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Attribute payload (type 14) of the Transaction exchange: XAUTH
 * (draft-beaulieu-ike-xauth-02) and Mode-Config
 * (draft-dukes-ike-mode-cfg-02), with the Cisco Unity attributes that
 * vpnc and the Cisco VPN Client read.  Pure functions over buffers.
 *
 * Body: type (1), reserved (1), identifier (2), then data attributes in
 * the RFC 2408 3.3 syntax (TV when the AF bit is set, else TLV).
 */
#ifndef ROAM_IKE_ATTR_PAYLOAD_H
#define ROAM_IKE_ATTR_PAYLOAD_H

#include "payload.h"

enum ike_cfg_type {
	IKE_CFG_REQUEST = 1,
	IKE_CFG_REPLY = 2,
	IKE_CFG_SET = 3,
	IKE_CFG_ACK = 4,
};

enum ike_cfg_attr {
	IKE_CA_IP4_ADDRESS = 1,
	IKE_CA_IP4_NETMASK = 2,
	IKE_CA_IP4_DNS = 3,
	IKE_CA_IP4_NBNS = 4,
	IKE_CA_ADDRESS_EXPIRY = 5,
	IKE_CA_IP4_DHCP = 6,
	IKE_CA_APPLICATION_VERSION = 7,
	IKE_CA_IP4_SUBNET = 13,
	IKE_CA_SUPPORTED_ATTRIBUTES = 14,
	IKE_CA_XAUTH_TYPE = 16520,
	IKE_CA_XAUTH_USER_NAME = 16521,
	IKE_CA_XAUTH_USER_PASSWORD = 16522,
	IKE_CA_XAUTH_PASSCODE = 16523,
	IKE_CA_XAUTH_MESSAGE = 16524,
	IKE_CA_XAUTH_CHALLENGE = 16525,
	IKE_CA_XAUTH_DOMAIN = 16526,
	IKE_CA_XAUTH_STATUS = 16527,
	IKE_CA_UNITY_BANNER = 28672,
	IKE_CA_UNITY_SAVE_PASSWD = 28673,
	IKE_CA_UNITY_DEF_DOMAIN = 28674,
	IKE_CA_UNITY_SPLIT_DNS = 28675,
	IKE_CA_UNITY_SPLIT_INCLUDE = 28676,
	IKE_CA_UNITY_NATT_PORT = 28677,
	IKE_CA_UNITY_LOCAL_LAN = 28678,
	IKE_CA_UNITY_PFS = 28679,
	IKE_CA_UNITY_FW_TYPE = 28680,
	IKE_CA_UNITY_BACKUP_SERVERS = 28681,
	IKE_CA_UNITY_DDNS_HOSTNAME = 28682,
};

#define IKE_XAUTH_TYPE_GENERIC	0
#define IKE_XAUTH_STATUS_FAIL	0
#define IKE_XAUTH_STATUS_OK	1
/* A UNITY_SPLIT_INCLUDE entry: address, mask, 6 bytes of zeros. */
#define IKE_UNITY_NET_LEN	14

struct ike_cfg_pl {
	uint8_t type;
	uint16_t ident;
	const uint8_t *attrs;
	size_t attrs_len;
	size_t attrs_off;		/* in the message, for errors */
};

/*
 * Checks the header and each attribute: syntax, and the length of those
 * with a fixed size (addresses: 0 or 4 bytes; XAUTH-TYPE and -STATUS in
 * TV form).  Then the attributes may be walked with ike_attr_next().
 */
int ike_cfg_parse(const struct ike_payload *pl, struct ike_cfg_pl *c,
		  struct ike_err *err);

/* The XAUTH fields of a REPLY (the client's answer). */
struct ike_xauth_answer {
	bool has_type, has_user, has_password, has_status;
	uint16_t xtype, status;
	const uint8_t *user, *password;	/* not NUL-terminated */
	size_t user_len, password_len;
};

int ike_xauth_answer_parse(const struct ike_cfg_pl *c,
			   struct ike_xauth_answer *x, struct ike_err *err);

/* Writers: the payload header, then attributes, then ike_pl_end(). */
size_t ike_cfg_start(struct ike_buf *b, uint8_t type, uint16_t ident);
void ike_cfg_tv(struct ike_buf *b, uint16_t type, uint16_t val);
void ike_cfg_tlv(struct ike_buf *b, uint16_t type, const void *val,
		 size_t len);

const char *ike_cfg_type_name(uint8_t type);
const char *ike_cfg_attr_name(uint16_t type);

#endif /* ROAM_IKE_ATTR_PAYLOAD_H */
