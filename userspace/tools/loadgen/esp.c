// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen: a client's ESP SAs and transport policies in the kernel
 * of its namespace (see esp.h).  lg_esp_describe() is pure; the install
 * and the removal are the only I/O, through roamd's own XFRM requests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>

#include "esp.h"
#include "ike/crypto.h"

/* The flow from a to b: UDP, a's port to b's. */
static struct xfrm_flow flow(struct in_addr a, uint16_t ap, struct in_addr b,
			     uint16_t bp)
{
	return (struct xfrm_flow){ .src = a, .dst = b, .sport = ap,
				   .dport = bp, .proto = IPPROTO_UDP };
}

static void fill_sa(struct xfrm_sa *sa, const struct ikei_esp *k,
		    const uint8_t *enc, const uint8_t *auth)
{
	snprintf(sa->enc_name, sizeof(sa->enc_name), "cbc(aes)");
	memcpy(sa->enc_key, enc, k->enc_key_len);
	sa->enc_key_len = k->enc_key_len;
	snprintf(sa->auth_name, sizeof(sa->auth_name), "hmac(sha256)");
	memcpy(sa->auth_key, auth, k->auth_key_len);
	sa->auth_key_len = k->auth_key_len;
	sa->auth_trunc_bits = k->auth_trunc_bits;
	sa->hard_seconds = k->life_s;
}

void lg_esp_describe(const struct lg_esp_ends *e, const struct ikei_esp *k,
		     struct lg_esp_objs *o)
{
	struct xfrm_flow out = flow(e->own, e->l2tp_port, e->srv, 1701);
	struct xfrm_flow in = flow(e->srv, 1701, e->own, e->l2tp_port);

	memset(o, 0, sizeof(*o));
	o->out.src = e->own;
	o->out.dst = e->srv;
	o->out.spi = htonl(k->spi_out);
	o->out.reqid = e->reqid;
	o->out.sel = out;
	fill_sa(&o->out, k, k->enc_key_out, k->auth_key_out);
	o->in.src = e->srv;
	o->in.dst = e->own;
	o->in.spi = htonl(k->spi_in);
	o->in.reqid = e->reqid;
	o->in.sel = in;
	fill_sa(&o->in, k, k->enc_key_in, k->auth_key_in);
	if (k->encap) {
		o->out.encap_sport = e->natt_port;
		o->out.encap_dport = 4500;
		o->in.encap_sport = 4500;
		o->in.encap_dport = e->natt_port;
	}
	o->pol_out = (struct xfrm_policy){
		.dir = XFRM_POLICY_OUT, .sel = out, .tmpl_src = e->own,
		.tmpl_dst = e->srv, .reqid = e->reqid,
	};
	o->pol_in = (struct xfrm_policy){
		.dir = XFRM_POLICY_IN, .sel = in, .tmpl_src = e->srv,
		.tmpl_dst = e->own, .reqid = e->reqid,
	};
}

void lg_esp_wipe(struct lg_esp_objs *o)
{
	ike_wipe(o, sizeof(*o));
}

int lg_esp_install(struct xfrm_conn *c, const struct lg_esp_ends *e,
		   const struct ikei_esp *k)
{
	struct lg_esp_objs o;
	int err;

	lg_esp_describe(e, k, &o);
	err = xfrm_sa_add(c, &o.in);
	if (err)
		goto out;
	err = xfrm_sa_add(c, &o.out);
	if (err)
		goto del_in;
	err = xfrm_policy_add(c, &o.pol_in);
	if (err)
		goto del_out;
	err = xfrm_policy_add(c, &o.pol_out);
	if (!err)
		goto out;
	xfrm_policy_del(c, &o.pol_in);
del_out:
	xfrm_sa_del(c, o.out.dst, o.out.spi, 0);
del_in:
	xfrm_sa_del(c, o.in.dst, o.in.spi, 0);
out:
	lg_esp_wipe(&o);
	return err;
}

int lg_esp_remove(struct xfrm_conn *c, const struct lg_esp_ends *e,
		  const struct ikei_esp *k)
{
	struct lg_esp_objs o;
	int err, first;

	lg_esp_describe(e, k, &o);
	first = xfrm_policy_del(c, &o.pol_out);
	err = xfrm_policy_del(c, &o.pol_in);
	first = first ? first : err;
	err = xfrm_sa_del(c, o.out.dst, o.out.spi, 0);
	first = first ? first : err;
	err = xfrm_sa_del(c, o.in.dst, o.in.spi, 0);
	first = first ? first : err;
	lg_esp_wipe(&o);
	return first;
}
