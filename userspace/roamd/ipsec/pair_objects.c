// SPDX-License-Identifier: GPL-2.0
/*
 * What an SA pair of a client is in xfrm terms (clients.h): its two SAs,
 * its policies (transport: the L2TP flow both ways; tunnel: the client's
 * networks and ours) and the kernel's and people's names of its
 * algorithms.  Pure functions over the client and the engine's SA, kept
 * apart from the table and the kernel I/O in clients.c so that each
 * mapping is unit-tested alone (tests/test_ipsec.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsec/clients.h"
#include "util.h"

const char *ipsec_enc_name(enum ike_esp_enc enc)
{
	switch (enc) {
	case IKE_ESP_DES:
		return "cbc(des)";
	case IKE_ESP_3DES:
		return "cbc(des3_ede)";
	case IKE_ESP_AES_CBC:
		return "cbc(aes)";
	}
	return NULL;
}

const char *ipsec_auth_name(enum ike_esp_auth auth)
{
	switch (auth) {
	case IKE_ESP_AUTH_MD5:
		return "hmac(md5)";
	case IKE_ESP_AUTH_SHA1:
		return "hmac(sha1)";
	case IKE_ESP_AUTH_SHA2_256:
		return "hmac(sha256)";
	case IKE_ESP_AUTH_SHA2_384:
		return "hmac(sha384)";
	case IKE_ESP_AUTH_SHA2_512:
		return "hmac(sha512)";
	}
	return NULL;
}

/* The L2TP flow from the client to us: UDP client:port -> us:1701. */
static struct xfrm_flow flow_in(const struct ipsec_client *c)
{
	return (struct xfrm_flow){
		.src = ipsec_in4(&c->remote),
		.dst = ipsec_in4(&c->local),
		.sport = c->l2tp_port,
		.dport = IKE_L2TP_PORT,
		.proto = IPPROTO_UDP,
	};
}

static struct xfrm_flow flow_out(const struct ipsec_client *c)
{
	return (struct xfrm_flow){
		.src = ipsec_in4(&c->local),
		.dst = ipsec_in4(&c->remote),
		.sport = IKE_L2TP_PORT,
		.dport = c->l2tp_port,
		.proto = IPPROTO_UDP,
	};
}

static struct in_addr net4(const struct ike_ip4net *n)
{
	struct in_addr x;

	memcpy(&x, n->addr, sizeof(x));
	return x;
}

/* Tunnel mode: from the client's networks (its address) to ours. */
static struct xfrm_flow tunnel_flow_in(uint8_t proto,
				       const struct ike_ip4net *local,
				       const struct ike_ip4net *remote)
{
	return (struct xfrm_flow){
		.src = net4(remote),
		.dst = net4(local),
		.proto = proto,
		.nets = true,
		.src_plen = remote->prefix,
		.dst_plen = local->prefix,
	};
}

static struct xfrm_flow tunnel_flow_out(uint8_t proto,
					const struct ike_ip4net *local,
					const struct ike_ip4net *remote)
{
	return (struct xfrm_flow){
		.src = net4(local),
		.dst = net4(remote),
		.proto = proto,
		.nets = true,
		.src_plen = local->prefix,
		.dst_plen = remote->prefix,
	};
}

/* What both directions share; everything the kernel cannot take fails. */
static int sa_common(const struct ike_esp_sa *esp,
		     const struct ipsec_client *c, struct xfrm_sa *x,
		     char *err, size_t errlen)
{
	const char *enc = ipsec_enc_name(esp->enc);
	const char *auth = ipsec_auth_name(esp->auth);

	memset(x, 0, sizeof(*x));
	if (esp->local.family != AF_INET || esp->remote.family != AF_INET) {
		snprintf(err, errlen, "only IPv4 peers are supported");
		return -1;
	}
	if (!esp->transport &&
	    (esp->ts_local.prefix > 32 || esp->ts_remote.prefix > 32)) {
		snprintf(err, errlen, "invalid tunnel selectors (/%u, /%u)",
			 esp->ts_local.prefix, esp->ts_remote.prefix);
		return -1;
	}
	if (!enc || !auth) {
		snprintf(err, errlen, "no kernel algorithm for ESP %s %u",
			 enc ? "authentication" : "transform",
			 enc ? esp->auth : esp->enc);
		return -1;
	}
	if (esp->enc_key_len > XFRM_KEY_MAX ||
	    esp->enc_key_len > sizeof(esp->enc_key_in) ||
	    esp->auth_key_len > XFRM_KEY_MAX ||
	    esp->auth_key_len > sizeof(esp->auth_key_in)) {
		snprintf(err, errlen, "key too long (%u/%u bytes)",
			 esp->enc_key_len, esp->auth_key_len);
		return -1;
	}
	x->reqid = c->mark;
	x->tunnel = !esp->transport;
	snprintf(x->enc_name, sizeof(x->enc_name), "%s", enc);
	x->enc_key_len = esp->enc_key_len;
	snprintf(x->auth_name, sizeof(x->auth_name), "%s", auth);
	x->auth_key_len = esp->auth_key_len;
	x->auth_trunc_bits = esp->auth_trunc_bits;
	/*
	 * The engine deletes the pair when its lifetime ends; the kernel's
	 * own hard limit, a little later, only cleans up after a roamd that
	 * died.  No soft limit: nobody listens for its expire message.
	 */
	if (esp->lifetime_s)
		x->hard_seconds = (uint64_t)esp->lifetime_s +
				  IPSEC_HARD_MARGIN_S;
	return 0;
}

int ipsec_xfrm_sa_in(const struct ike_esp_sa *esp,
		     const struct ipsec_client *c, struct xfrm_sa *x,
		     char *err, size_t errlen)
{
	if (sa_common(esp, c, x, err, errlen))
		return -1;
	x->src = ipsec_in4(&esp->remote);
	x->dst = ipsec_in4(&esp->local);
	x->spi = htonl(esp->spi_in);
	/* It may only carry the client's L2TP to us, or its tunnel's flow. */
	x->sel = esp->transport ? flow_in(c) :
		 tunnel_flow_in(esp->ts_proto, &esp->ts_local, &esp->ts_remote);
	memcpy(x->enc_key, esp->enc_key_in, esp->enc_key_len);
	memcpy(x->auth_key, esp->auth_key_in, esp->auth_key_len);
	if (esp->encap) {
		x->encap_sport = esp->encap_dport;
		x->encap_dport = esp->encap_sport;
	}
	/* Found by SPI alone; what it decapsulates gets the client's mark. */
	x->set_mark = c->mark;
	return 0;
}

int ipsec_xfrm_sa_out(const struct ike_esp_sa *esp,
		      const struct ipsec_client *c, struct xfrm_sa *x,
		      char *err, size_t errlen)
{
	if (sa_common(esp, c, x, err, errlen))
		return -1;
	x->src = ipsec_in4(&esp->local);
	x->dst = ipsec_in4(&esp->remote);
	x->spi = htonl(esp->spi_out);
	x->sel = esp->transport ? flow_out(c) :
		 tunnel_flow_out(esp->ts_proto, &esp->ts_local,
				 &esp->ts_remote);
	memcpy(x->enc_key, esp->enc_key_out, esp->enc_key_len);
	memcpy(x->auth_key, esp->auth_key_out, esp->auth_key_len);
	if (esp->encap) {
		x->encap_sport = esp->encap_sport;
		x->encap_dport = esp->encap_dport;
	}
	/*
	 * Chosen only for packets roam_l2tp marked for this client; in
	 * tunnel mode by the client's own inner address (see clients.h).
	 */
	x->mark = esp->transport ? c->mark : 0;
	return 0;
}

void ipsec_xfrm_policy_in(const struct ipsec_client *c,
			  struct xfrm_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->dir = XFRM_POLICY_IN;
	pol->sel = flow_in(c);
	pol->mark = c->mark;
	pol->priority = IPSEC_POLICY_PRIORITY;
	pol->tmpl_src = ipsec_in4(&c->remote);
	pol->tmpl_dst = ipsec_in4(&c->local);
	pol->reqid = c->mark;
}

void ipsec_xfrm_policy_out(const struct ipsec_client *c,
			   struct xfrm_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->dir = XFRM_POLICY_OUT;
	pol->sel = flow_out(c);
	pol->mark = c->mark;
	pol->priority = IPSEC_POLICY_PRIORITY;
	pol->tmpl_src = ipsec_in4(&c->local);
	pol->tmpl_dst = ipsec_in4(&c->remote);
	pol->reqid = c->mark;
}

/*
 * While no roamd holds UDP 1701 (killed, not yet restarted) the sessions
 * stay in the kernel, but a direct client's L2TP, decapsulated from its
 * ESP, finds no socket and the kernel answers it with ICMP port
 * unreachable.  The client's kernel L2TP on 6.12 (its encap_err_rcv; 6.1
 * has none) hands that error to its tunnel socket, and xl2tpd ends the
 * call: a restart of roamd would cost the client its link.  So nothing
 * of that kind goes from us to the client while it is ours.  The first
 * xfrm lookup of an
 * ICMP error sees this policy (type 3 code 3 in the port fields) and
 * blocks it; the kernel then tries the reverse flow with
 * XFRM_LOOKUP_ICMP, which the client's outbound policy (no
 * XFRM_POLICY_ICMP) refuses, so the error is dropped.  Clients behind a
 * NAT need none: their ESP is in UDP to our IKE port, so without roamd it
 * is never decapsulated.  No mark (an ICMP error carries none); the
 * template is never used by a block policy but gives it the client's
 * reqid, by which a restarted roamd knows it as roam's.
 */
void ipsec_xfrm_policy_quiet(const struct ipsec_client *c,
			     struct xfrm_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->dir = XFRM_POLICY_OUT;
	pol->sel = (struct xfrm_flow){
		.src = ipsec_in4(&c->local),
		.dst = ipsec_in4(&c->remote),
		.sport = ICMP_DEST_UNREACH,
		.dport = ICMP_PORT_UNREACH,
		.proto = IPPROTO_ICMP,
	};
	pol->block = true;
	pol->priority = IPSEC_POLICY_PRIORITY;
	pol->tmpl_src = ipsec_in4(&c->local);
	pol->tmpl_dst = ipsec_in4(&c->remote);
	pol->reqid = c->mark;
}

void ipsec_xfrm_tunnel_policy(const struct ipsec_client *c,
			      const struct ipsec_pair *p, int dir,
			      struct xfrm_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->dir = dir;
	pol->priority = IPSEC_POLICY_PRIORITY;
	pol->reqid = c->mark;
	pol->tunnel = 1;
	if (dir == XFRM_POLICY_OUT) {
		pol->sel = tunnel_flow_out(p->ts_proto, &p->ts_local,
					   &p->ts_remote);
		pol->tmpl_src = ipsec_in4(&c->local);
		pol->tmpl_dst = ipsec_in4(&c->remote);
		return;
	}
	pol->sel = tunnel_flow_in(p->ts_proto, &p->ts_local, &p->ts_remote);
	pol->mark = c->mark;
	pol->tmpl_src = ipsec_in4(&c->remote);
	pol->tmpl_dst = ipsec_in4(&c->local);
}

void ipsec_pair_alg_name(const struct ipsec_pair *p, char *buf, size_t len)
{
	struct ike_p2_prop prop = {
		.enc = p->enc,
		.key_bits = p->enc == IKE_ESP_AES_CBC ? p->enc_key_len * 8 : 0,
		.auth = p->auth,
	};

	ike_p2_prop_name(&prop, buf, len);
}
