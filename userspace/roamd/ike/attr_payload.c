// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute payload codec.  The attribute syntax is RFC 2408's, shared
 * with the SA transforms (ike_attr_next); what is added here is the
 * payload header and the sizes Mode-Config and XAUTH give their values.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attr_payload.h"

#define CFG_HDR_LEN	4

static void __attribute__((format(printf, 3, 4)))
cfg_err(struct ike_err *err, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return;
	err->off = off;
	n = snprintf(err->msg, sizeof(err->msg), "malformed payload: ");
	va_start(ap, fmt);
	n += vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, " at offset %zu",
			 off);
}

/* The value size an attribute must have: 0 when it is free. */
static size_t fixed_len(uint16_t type)
{
	switch (type) {
	case IKE_CA_IP4_ADDRESS:
	case IKE_CA_IP4_NETMASK:
	case IKE_CA_IP4_DNS:
	case IKE_CA_IP4_NBNS:
	case IKE_CA_IP4_DHCP:
	case IKE_CA_ADDRESS_EXPIRY:
		return 4;
	}
	return 0;
}

/* Attributes whose value is a 16-bit number: TV in every real client. */
static bool basic(uint16_t type)
{
	return type == IKE_CA_XAUTH_TYPE || type == IKE_CA_XAUTH_STATUS;
}

int ike_cfg_parse(const struct ike_payload *pl, struct ike_cfg_pl *c,
		  struct ike_err *err)
{
	size_t off = pl->off + ISAKMP_GEN_LEN;
	struct ike_attr_iter it;
	struct ike_attr a;
	int r;

	if (pl->len < CFG_HDR_LEN) {
		cfg_err(err, off, "attribute payload of %u bytes (header is %u)",
			pl->len, CFG_HDR_LEN);
		return -1;
	}
	c->type = pl->body[0];
	c->ident = ike_get16(pl->body + 2);
	if (c->type < IKE_CFG_REQUEST || c->type > IKE_CFG_ACK) {
		cfg_err(err, off, "attribute payload of type %u (1 to %u known)",
			c->type, IKE_CFG_ACK);
		return -1;
	}
	c->attrs = pl->body + CFG_HDR_LEN;
	c->attrs_len = pl->len - CFG_HDR_LEN;
	c->attrs_off = off + CFG_HDR_LEN;
	ike_attr_iter_init(&it, c->attrs, c->attrs_len, c->attrs_off);
	while ((r = ike_attr_next(&it, &a, err)) > 0) {
		size_t want = fixed_len(a.type);
		size_t at = it.off - (a.af ? 4 : 4 + (size_t)a.len);

		/* An empty value asks for one (REQUEST) or acknowledges. */
		if (!a.af && want && a.len && a.len != want) {
			cfg_err(err, at, "%s of %u bytes, not %zu",
				ike_cfg_attr_name(a.type), a.len, want);
			return -1;
		}
		if ((a.af && want) || (!a.af && basic(a.type) && a.len > 2)) {
			cfg_err(err, at, "%s in the wrong form (%s, %u bytes)",
				ike_cfg_attr_name(a.type), a.af ? "TV" : "TLV",
				a.len);
			return -1;
		}
	}
	return r;
}

int ike_xauth_answer_parse(const struct ike_cfg_pl *c,
			   struct ike_xauth_answer *x, struct ike_err *err)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	int r;

	memset(x, 0, sizeof(*x));
	ike_attr_iter_init(&it, c->attrs, c->attrs_len, c->attrs_off);
	while ((r = ike_attr_next(&it, &a, err)) > 0) {
		switch (a.type) {
		case IKE_CA_XAUTH_TYPE:
			x->has_type = true;
			x->xtype = a.num;
			break;
		case IKE_CA_XAUTH_STATUS:
			x->has_status = true;
			x->status = a.num;
			break;
		case IKE_CA_XAUTH_USER_NAME:
			if (a.af)
				goto tv;
			x->has_user = true;
			x->user = a.val;
			x->user_len = a.len;
			break;
		case IKE_CA_XAUTH_USER_PASSWORD:
			if (a.af)
				goto tv;
			x->has_password = true;
			x->password = a.val;
			x->password_len = a.len;
			break;
		}
	}
	return r;
tv:
	cfg_err(err, it.off - 4, "%s in the 2-byte TV form",
		ike_cfg_attr_name(a.type));
	return -1;
}

size_t ike_cfg_start(struct ike_buf *b, uint8_t type, uint16_t ident)
{
	size_t s = ike_pl_start(b, ISAKMP_NP_ATTR);

	ike_put8(b, type);
	ike_put8(b, 0);
	ike_put16(b, ident);
	return s;
}

void ike_cfg_tv(struct ike_buf *b, uint16_t type, uint16_t val)
{
	ike_put16(b, 0x8000 | type);
	ike_put16(b, val);
}

void ike_cfg_tlv(struct ike_buf *b, uint16_t type, const void *val,
		 size_t len)
{
	if (len > 0xffff) {
		b->err = true;
		return;
	}
	ike_put16(b, type & 0x7fff);
	ike_put16(b, len);
	ike_put(b, val, len);
}

const char *ike_cfg_type_name(uint8_t type)
{
	switch (type) {
	case IKE_CFG_REQUEST: return "REQUEST";
	case IKE_CFG_REPLY: return "REPLY";
	case IKE_CFG_SET: return "SET";
	case IKE_CFG_ACK: return "ACK";
	}
	return "unknown";
}

const char *ike_cfg_attr_name(uint16_t type)
{
	switch (type) {
	case IKE_CA_IP4_ADDRESS: return "INTERNAL_IP4_ADDRESS";
	case IKE_CA_IP4_NETMASK: return "INTERNAL_IP4_NETMASK";
	case IKE_CA_IP4_DNS: return "INTERNAL_IP4_DNS";
	case IKE_CA_IP4_NBNS: return "INTERNAL_IP4_NBNS";
	case IKE_CA_ADDRESS_EXPIRY: return "INTERNAL_ADDRESS_EXPIRY";
	case IKE_CA_IP4_DHCP: return "INTERNAL_IP4_DHCP";
	case IKE_CA_APPLICATION_VERSION: return "APPLICATION_VERSION";
	case IKE_CA_IP4_SUBNET: return "INTERNAL_IP4_SUBNET";
	case IKE_CA_SUPPORTED_ATTRIBUTES: return "SUPPORTED_ATTRIBUTES";
	case IKE_CA_XAUTH_TYPE: return "XAUTH-TYPE";
	case IKE_CA_XAUTH_USER_NAME: return "XAUTH-USER-NAME";
	case IKE_CA_XAUTH_USER_PASSWORD: return "XAUTH-USER-PASSWORD";
	case IKE_CA_XAUTH_PASSCODE: return "XAUTH-PASSCODE";
	case IKE_CA_XAUTH_MESSAGE: return "XAUTH-MESSAGE";
	case IKE_CA_XAUTH_CHALLENGE: return "XAUTH-CHALLENGE";
	case IKE_CA_XAUTH_DOMAIN: return "XAUTH-DOMAIN";
	case IKE_CA_XAUTH_STATUS: return "XAUTH-STATUS";
	case IKE_CA_UNITY_BANNER: return "UNITY_BANNER";
	case IKE_CA_UNITY_SAVE_PASSWD: return "UNITY_SAVE_PASSWD";
	case IKE_CA_UNITY_DEF_DOMAIN: return "UNITY_DEF_DOMAIN";
	case IKE_CA_UNITY_SPLIT_DNS: return "UNITY_SPLIT_DNS";
	case IKE_CA_UNITY_SPLIT_INCLUDE: return "UNITY_SPLIT_INCLUDE";
	case IKE_CA_UNITY_NATT_PORT: return "UNITY_NATT_PORT";
	case IKE_CA_UNITY_LOCAL_LAN: return "UNITY_LOCAL_LAN";
	case IKE_CA_UNITY_PFS: return "UNITY_PFS";
	case IKE_CA_UNITY_FW_TYPE: return "UNITY_FW_TYPE";
	case IKE_CA_UNITY_BACKUP_SERVERS: return "UNITY_BACKUP_SERVERS";
	case IKE_CA_UNITY_DDNS_HOSTNAME: return "UNITY_DDNS_HOSTNAME";
	}
	return "unknown attribute";
}
