// SPDX-License-Identifier: GPL-2.0
/*
 * Each IKE client's ESP SAs and policies: which xfrm objects they are,
 * and installing and removing them.  The ordering rules come from the
 * packet path: a policy without its SA drops the client's traffic (the
 * outbound lookup finds no state and returns -EAGAIN/-ENOENT), an SA
 * without a policy is harmless.  So SAs go in first and come out last.
 *
 * Clients are found by mark and by peer, pairs by SPI, through hash
 * tables: an SA pair that comes or goes costs the same among 100k
 * clients as among ten.  The lists are for walks (show, close).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "ipsec/clients.h"
#include "log.h"
#include "siphash.h"
#include "util.h"

void ipsec_init(struct ipsec *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->xfrm.fd = -1;
	ip->next_mark = IPSEC_MARK_FIRST;
	/* without randomness the keys are still spread, only guessable */
	if (getrandom(ip->host_key, sizeof(ip->host_key), 0) !=
	    sizeof(ip->host_key))
		memset(ip->host_key, 0, sizeof(ip->host_key));
}

static uint64_t host_key(const struct ipsec *ip, const struct ike_addr *a)
{
	uint8_t b[18];
	size_t n = a->family == AF_INET6 ? 16 : 4;

	b[0] = a->family & 0xff;
	b[1] = a->family >> 8;
	memcpy(b + 2, a->ip, n);
	return siphash24(ip->host_key, b, n + 2);
}

static uint32_t mark_after(uint32_t m)
{
	return m == UINT32_MAX ? IPSEC_MARK_FIRST : m + 1;
}

uint32_t ipsec_mark_alloc(struct ipsec *ip)
{
	uint32_t m = ip->next_mark;
	uint64_t tries;

	if (m < IPSEC_MARK_FIRST)
		m = IPSEC_MARK_FIRST;
	/* Among nclients + 1 candidates one is free, if the range allows. */
	for (tries = 0; tries <= ip->nclients; tries++) {
		if (!ipsec_client_by_mark(ip, m)) {
			ip->next_mark = mark_after(m);
			return m;
		}
		m = mark_after(m);
		if (tries >= (uint64_t)UINT32_MAX - IPSEC_MARK_FIRST)
			break;
	}
	return 0;
}

struct ipsec_client *ipsec_client_by_mark(const struct ipsec *ip,
					  uint32_t mark)
{
	struct hashtab_node *n = hashtab_first(&ip->clients_by_mark, mark);

	return n ? (struct ipsec_client *)((char *)n -
					   offsetof(struct ipsec_client,
						    by_mark)) : NULL;
}

static bool same_peer(const struct ike_addr *a, const struct ike_addr *b)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && a->port == b->port &&
	       !memcmp(a->ip, b->ip, n);
}

#define client_of(n, member) \
	((struct ipsec_client *)((char *)(n) - \
				 offsetof(struct ipsec_client, member)))

struct ipsec_client *ipsec_client_by_peer(const struct ipsec *ip,
					  const struct ike_addr *remote)
{
	struct hashtab_node *n;

	n = hashtab_first(&ip->clients_by_host, host_key(ip, remote));
	for (; n; n = hashtab_next(n))
		if (same_peer(&client_of(n, by_host)->remote, remote))
			return client_of(n, by_host);
	return NULL;
}

void ipsec_client_set_remote(struct ipsec *ip, struct ipsec_client *c,
			     const struct ike_addr *remote)
{
	hashtab_del(&ip->clients_by_host, &c->by_host);
	c->remote = *remote;
	hashtab_add(&ip->clients_by_host, &c->by_host,
		    host_key(ip, &c->remote));
}

/* --- kernel I/O ------------------------------------------------------ */

/*
 * "IPsec SA with 203.0.113.5:4500 (mark 0x100, SPIs in c0ffee01 out
 * 12345678)"; without SPIs, the client as a whole.  Never keys.
 */
static void describe(const struct ipsec_client *c, uint32_t spi_in,
		     uint32_t spi_out, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(c->remote.family, c->remote.ip, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (spi_in || spi_out)
		snprintf(buf, len,
			 "IPsec SA with %s:%u (mark 0x%x, SPIs in %08x out %08x)",
			 a, c->remote.port, c->mark, spi_in, spi_out);
	else
		snprintf(buf, len, "IPsec client %s:%u (mark 0x%x)", a,
			 c->remote.port, c->mark);
}

int ipsec_subscribe(struct ipsec *ip, ipsec_gone_fn gone, void *arg)
{
	unsigned int i;

	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++) {
		if (!ip->subscriber[i].gone) {
			ip->subscriber[i].gone = gone;
			ip->subscriber[i].arg = arg;
			return 0;
		}
	}
	return -1;
}

void ipsec_unsubscribe(struct ipsec *ip, ipsec_gone_fn gone, void *arg)
{
	unsigned int i;

	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++)
		if (ip->subscriber[i].gone == gone &&
		    ip->subscriber[i].arg == arg)
			ip->subscriber[i].gone = NULL;
}

int ipsec_open(struct ipsec *ip)
{
	return xfrm_open(&ip->xfrm);
}

static int sa_del_in(struct ipsec *ip, const struct ipsec_client *c,
		     uint32_t spi_in)
{
	return xfrm_sa_del(&ip->xfrm, ipsec_in4(&c->local), htonl(spi_in),
			   0);
}

/* A tunnel client's outbound SAs carry no mark (see clients.h). */
static uint32_t out_mark(const struct ipsec_client *c)
{
	return c->tunnel ? 0 : c->mark;
}

static int sa_del_out(struct ipsec *ip, const struct ipsec_client *c,
		      uint32_t spi_out)
{
	return xfrm_sa_del(&ip->xfrm, ipsec_in4(&c->remote), htonl(spi_out),
			   out_mark(c));
}

/* Log a failed removal; ESRCH: the kernel's hard lifetime beat us to it. */
static void del_result(int r, const char *what, const char *desc)
{
	if (r == -ESRCH || r == -ENOENT)
		log_debug("%s: %s was already gone", desc, what);
	else if (r)
		log_err("%s: cannot remove the %s: %s", desc, what,
			strerror(-r));
}

/*
 * Add a policy.  EEXIST means a policy with this selector and mark is
 * left from an earlier roamd that did not stop cleanly (marks start at
 * IPSEC_MARK_FIRST again): replace it, it cannot belong to a live client.
 */
static int policy_add(struct ipsec *ip, const struct xfrm_policy *pol,
		      const char *desc)
{
	int r = xfrm_policy_add(&ip->xfrm, pol);

	if (r == -EEXIST) {
		log_warn("%s: replacing a stale %s policy with the same mark",
			 desc, pol->dir == XFRM_POLICY_IN ? "inbound" :
							   "outbound");
		xfrm_policy_del(&ip->xfrm, pol);
		r = xfrm_policy_add(&ip->xfrm, pol);
	}
	if (r)
		log_err("%s: cannot install the %s policy: %s", desc,
			pol->dir == XFRM_POLICY_IN ? "inbound" : "outbound",
			strerror(-r));
	return r;
}

/*
 * direct: the client is not behind NAT (ESP without UDP), and gets the
 * policy that keeps our port unreachables from it (pair_objects.c).  Its
 * failure costs the client nothing now, only its link across a restart:
 * logged, not fatal.
 */
static int policies_add(struct ipsec *ip, const struct ipsec_client *c,
			bool direct, const char *desc)
{
	struct xfrm_policy in, out, quiet;
	int r;

	ipsec_xfrm_policy_out(c, &out);
	ipsec_xfrm_policy_in(c, &in);
	r = policy_add(ip, &out, desc);
	if (r)
		return r;
	r = policy_add(ip, &in, desc);
	if (r) {
		del_result(xfrm_policy_del(&ip->xfrm, &out), "outbound policy",
			   desc);
		return r;
	}
	if (direct) {
		ipsec_xfrm_policy_quiet(c, &quiet);
		policy_add(ip, &quiet, desc);
	}
	return 0;
}

static void policies_del(struct ipsec *ip, const struct ipsec_client *c,
			 const char *desc)
{
	struct xfrm_policy pol;

	ipsec_xfrm_policy_out(c, &pol);
	del_result(xfrm_policy_del(&ip->xfrm, &pol), "outbound policy", desc);
	ipsec_xfrm_policy_in(c, &pol);
	del_result(xfrm_policy_del(&ip->xfrm, &pol), "inbound policy", desc);
	/* (a client behind NAT has none: ENOENT, said at debug level) */
	ipsec_xfrm_policy_quiet(c, &pol);
	del_result(xfrm_policy_del(&ip->xfrm, &pol),
		   "port-unreachable block policy", desc);
}

static const int tunnel_dirs[] = {
	XFRM_POLICY_OUT, XFRM_POLICY_IN, XFRM_POLICY_FWD,
};

static bool same_selectors(const struct ipsec_pair *a,
			   const struct ipsec_pair *b)
{
	return a->ts_proto == b->ts_proto &&
	       !memcmp(&a->ts_local, &b->ts_local, sizeof(a->ts_local)) &&
	       !memcmp(&a->ts_remote, &b->ts_remote, sizeof(a->ts_remote));
}

/* Another tunnel pair of the client has p's selectors (and policies). */
static bool selectors_shared(const struct ipsec_client *c,
			     const struct ipsec_pair *p)
{
	const struct ipsec_pair *o;

	for (o = c->pairs; o; o = o->next)
		if (o != p && o->tunnel && same_selectors(o, p))
			return true;
	return false;
}

static void tunnel_policies_del(struct ipsec *ip,
				const struct ipsec_client *c,
				const struct ipsec_pair *p, const char *desc)
{
	struct xfrm_policy pol;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tunnel_dirs); i++) {
		ipsec_xfrm_tunnel_policy(c, p, tunnel_dirs[i], &pol);
		del_result(xfrm_policy_del(&ip->xfrm, &pol),
			   tunnel_dirs[i] == XFRM_POLICY_OUT ? "outbound policy" :
			   tunnel_dirs[i] == XFRM_POLICY_IN ? "inbound policy" :
							      "forward policy",
			   desc);
	}
}

static int tunnel_policies_add(struct ipsec *ip,
			       const struct ipsec_client *c,
			       const struct ipsec_pair *p, const char *desc)
{
	struct xfrm_policy pol;
	size_t i, j;
	int r;

	for (i = 0; i < ARRAY_SIZE(tunnel_dirs); i++) {
		ipsec_xfrm_tunnel_policy(c, p, tunnel_dirs[i], &pol);
		r = policy_add(ip, &pol, desc);
		if (!r)
			continue;
		for (j = 0; j < i; j++) {
			ipsec_xfrm_tunnel_policy(c, p, tunnel_dirs[j], &pol);
			del_result(xfrm_policy_del(&ip->xfrm, &pol), "policy",
				   desc);
		}
		return r;
	}
	return 0;
}

/* Both SAs of a pair; 0 or the kernel's errno, with nothing left over. */
static int sas_add(struct ipsec *ip, const struct ike_esp_sa *esp,
		   const struct ipsec_client *c, const char *desc)
{
	struct xfrm_sa x;
	char err[96];
	int r;

	if (ipsec_xfrm_sa_in(esp, c, &x, err, sizeof(err))) {
		log_err("%s: not installed: %s", desc, err);
		return -EINVAL;
	}
	r = xfrm_sa_add(&ip->xfrm, &x);
	explicit_bzero(&x, sizeof(x));
	if (r) {
		log_err("%s: cannot install the inbound SA: %s", desc,
			strerror(-r));
		return r;
	}
	ipsec_xfrm_sa_out(esp, c, &x, err, sizeof(err));
	r = xfrm_sa_add(&ip->xfrm, &x);
	explicit_bzero(&x, sizeof(x));
	if (r) {
		log_err("%s: cannot install the outbound SA: %s", desc,
			strerror(-r));
		del_result(sa_del_in(ip, c, esp->spi_in), "inbound SA", desc);
	}
	return r;
}

void ipsec_client_file(struct ipsec *ip, struct ipsec_client *c)
{
	c->next = ip->clients;
	if (c->next)
		c->next->pprev = &c->next;
	c->pprev = &ip->clients;
	ip->clients = c;
	ip->nclients++;
	hashtab_add(&ip->clients_by_mark, &c->by_mark, c->mark);
	hashtab_add(&ip->clients_by_host, &c->by_host,
		    host_key(ip, &c->remote));
}

void ipsec_pair_file(struct ipsec *ip, struct ipsec_client *c,
		     struct ipsec_pair *p, const struct ike_esp_sa *esp,
		     uint64_t now)
{
	p->client = c;
	p->id = esp->id;
	p->spi_in = esp->spi_in;
	p->spi_out = esp->spi_out;
	p->enc = esp->enc;
	p->enc_key_len = esp->enc_key_len;
	p->auth = esp->auth;
	p->encap = esp->encap;
	p->encap_sport = esp->encap_sport;
	p->encap_dport = esp->encap_dport;
	p->tunnel = !esp->transport;
	p->ts_proto = esp->ts_proto;
	p->ts_local = esp->ts_local;
	p->ts_remote = esp->ts_remote;
	p->added_ms = now;
	p->next = c->pairs;
	c->pairs = p;
	c->npairs++;
	hashtab_add(&ip->pairs_by_spi, &p->by_spi, p->spi_in);
	ip->saved_changes++;
}

int ipsec_add(struct ipsec *ip, const struct ike_esp_sa *esp, uint64_t now)
{
	struct ipsec_client *c = ipsec_client_by_peer(ip, &esp->remote);
	struct ipsec_client fresh;
	struct ipsec_pair *p;
	char desc[160];
	int r;

	if (!c) {
		memset(&fresh, 0, sizeof(fresh));
		fresh.mark = ipsec_mark_alloc(ip);
		fresh.local = esp->local;
		fresh.remote = esp->remote;
		fresh.l2tp_port = esp->transport ? esp->ts_rport : 0;
		fresh.tunnel = !esp->transport;
		c = &fresh;
	}
	describe(c, esp->spi_in, esp->spi_out, desc, sizeof(desc));
	if (!c->mark) {
		log_err("%s: not installed: no free mark", desc);
		return -ENOSPC;
	}
	if (c != &fresh && c->tunnel != !esp->transport) {
		log_err("%s: not installed: the client's SAs are in %s mode",
			desc, c->tunnel ? "tunnel" : "transport");
		return -EINVAL;
	}
	if (c != &fresh && !c->tunnel && esp->ts_rport != c->l2tp_port)
		log_warn("%s: L2TP port %u differs from the client's first SA (%u); its policies keep %u",
			 desc, esp->ts_rport, c->l2tp_port, c->l2tp_port);
	p = calloc(1, sizeof(*p));
	if (!p) {
		log_err("%s: not installed: out of memory", desc);
		return -ENOMEM;
	}
	p->tunnel = !esp->transport;
	p->ts_proto = esp->ts_proto;
	p->ts_local = esp->ts_local;
	p->ts_remote = esp->ts_remote;
	r = sas_add(ip, esp, c, desc);
	if (!r && p->tunnel) {
		if (!selectors_shared(c, p))
			r = tunnel_policies_add(ip, c, p, desc);
		if (r) {
			del_result(sa_del_in(ip, c, esp->spi_in), "inbound SA",
				   desc);
			del_result(sa_del_out(ip, c, esp->spi_out),
				   "outbound SA", desc);
		}
	} else if (!r && !c->policies) {
		r = policies_add(ip, c, !esp->encap, desc);
		if (r) {
			del_result(sa_del_in(ip, c, esp->spi_in), "inbound SA",
				   desc);
			del_result(sa_del_out(ip, c, esp->spi_out),
				   "outbound SA", desc);
		}
	}
	if (r) {
		free(p);
		return r;
	}
	if (c == &fresh) {
		c = malloc(sizeof(*c));
		if (!c) {
			/* Cannot track it: take it out again. */
			log_err("%s: out of memory, removed again", desc);
			if (p->tunnel)
				tunnel_policies_del(ip, &fresh, p, desc);
			else
				policies_del(ip, &fresh, desc);
			del_result(sa_del_in(ip, &fresh, esp->spi_in),
				   "inbound SA", desc);
			del_result(sa_del_out(ip, &fresh, esp->spi_out),
				   "outbound SA", desc);
			free(p);
			return -ENOMEM;
		}
		*c = fresh;
		c->policies = !p->tunnel;
		ipsec_client_file(ip, c);
	}
	ipsec_pair_file(ip, c, p, esp, now);
	log_info("%s installed%s", desc,
		 c->npairs == 1 ? ", with the client's policies" : "");
	return 0;
}

/* The pair the engine means, in the client it names or else anywhere. */
static struct ipsec_pair *find_pair(struct ipsec *ip,
				    const struct ike_esp_sa *esp)
{
	struct ipsec_pair *p, *any = NULL;
	struct hashtab_node *n;

	n = hashtab_first(&ip->pairs_by_spi, esp->spi_in);
	for (; n; n = hashtab_next(n)) {
		p = (struct ipsec_pair *)((char *)n -
					  offsetof(struct ipsec_pair, by_spi));
		if (p->id != esp->id)
			continue;
		if (same_peer(&p->client->remote, &esp->remote))
			return p;
		if (!any)
			any = p;
	}
	return any;
}

/* Where in its client's list (a client holds a pair or two). */
static struct ipsec_pair **pair_link(struct ipsec_pair *p)
{
	struct ipsec_pair **pp = &p->client->pairs;

	while (*pp != p)
		pp = &(*pp)->next;
	return pp;
}

void ipsec_del(struct ipsec *ip, const struct ike_esp_sa *esp)
{
	struct xfrm_sa_counters in, out;
	struct ipsec_client *c;
	struct ipsec_pair *p;
	char desc[160];
	unsigned int i;
	uint32_t mark;

	p = find_pair(ip, esp);
	if (!p) {
		log_debug("IPsec SA pair %08x/%08x: not installed, nothing to remove",
			  esp->spi_in, esp->spi_out);
		return;
	}
	c = p->client;
	describe(c, p->spi_in, p->spi_out, desc, sizeof(desc));
	/* the session's count goes on after a rekey: keep what this carried */
	if (!ipsec_pair_counters(ip, c, p, &in, &out)) {
		c->gone_in.packets += in.packets;
		c->gone_in.bytes += in.bytes;
		c->gone_out.packets += out.packets;
		c->gone_out.bytes += out.bytes;
	}
	if (p->tunnel) {
		if (!selectors_shared(c, p))
			tunnel_policies_del(ip, c, p, desc);
	} else if (c->npairs == 1) {
		policies_del(ip, c, desc);
	}
	del_result(sa_del_in(ip, c, p->spi_in), "inbound SA", desc);
	del_result(sa_del_out(ip, c, p->spi_out), "outbound SA", desc);
	*pair_link(p) = p->next;
	hashtab_del(&ip->pairs_by_spi, &p->by_spi);
	free(p);
	c->npairs--;
	ip->saved_changes++;
	log_info("%s removed%s", desc,
		 c->npairs ? "" : ", the client's last: its policies too");
	if (c->npairs)
		return;
	mark = c->mark;
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	hashtab_del(&ip->clients_by_mark, &c->by_mark);
	hashtab_del(&ip->clients_by_host, &c->by_host);
	free(c);
	ip->nclients--;
	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++)
		if (ip->subscriber[i].gone)
			ip->subscriber[i].gone(ip->subscriber[i].arg, mark);
}

void ipsec_close(struct ipsec *ip)
{
	unsigned int clients = 0, pairs = 0;
	struct ipsec_client *c;
	struct ipsec_pair *p;
	char desc[160];

	while ((c = ip->clients)) {
		ip->clients = c->next;
		describe(c, 0, 0, desc, sizeof(desc));
		if (c->policies)
			policies_del(ip, c, desc);
		while ((p = c->pairs)) {
			c->pairs = p->next;
			describe(c, p->spi_in, p->spi_out, desc, sizeof(desc));
			if (p->tunnel && !selectors_shared(c, p))
				tunnel_policies_del(ip, c, p, desc);
			del_result(sa_del_in(ip, c, p->spi_in), "inbound SA",
				   desc);
			del_result(sa_del_out(ip, c, p->spi_out),
				   "outbound SA", desc);
			free(p);
			pairs++;
		}
		free(c);
		clients++;
	}
	ip->nclients = 0;
	ip->saved_changes++;
	hashtab_free(&ip->clients_by_mark);
	hashtab_free(&ip->clients_by_host);
	hashtab_free(&ip->pairs_by_spi);
	if (clients)
		log_info("IPsec: removed %u SA pair%s and the policies of %u client%s",
			 pairs, pairs == 1 ? "" : "s", clients,
			 clients == 1 ? "" : "s");
	xfrm_close(&ip->xfrm);
}

int ipsec_pair_counters(struct ipsec *ip, const struct ipsec_client *c,
			const struct ipsec_pair *p,
			struct xfrm_sa_counters *in,
			struct xfrm_sa_counters *out)
{
	int r;

	r = xfrm_sa_counters(&ip->xfrm, ipsec_in4(&c->local),
			     htonl(p->spi_in), 0, in);
	if (r)
		return r;
	return xfrm_sa_counters(&ip->xfrm, ipsec_in4(&c->remote),
				htonl(p->spi_out), out_mark(c), out);
}

int ipsec_client_traffic(struct ipsec *ip, const struct ike_addr *remote,
			 struct xfrm_sa_counters *in,
			 struct xfrm_sa_counters *out)
{
	struct ipsec_client *c = ipsec_client_by_peer(ip, remote);
	struct xfrm_sa_counters i, o;
	struct ipsec_pair *p;

	memset(in, 0, sizeof(*in));
	memset(out, 0, sizeof(*out));
	if (!c)
		return -1;
	*in = c->gone_in;
	*out = c->gone_out;
	/* a pair already gone from the kernel (rekeyed) counts as nothing */
	for (p = c->pairs; p; p = p->next) {
		if (ipsec_pair_counters(ip, c, p, &i, &o))
			continue;
		in->bytes += i.bytes;
		in->packets += i.packets;
		out->bytes += o.bytes;
		out->packets += o.packets;
	}
	return 0;
}
