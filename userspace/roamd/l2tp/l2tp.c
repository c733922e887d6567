// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP context: configuration, the tunnel tables, and the entry points
 * of l2tp.h.  Datagrams are demultiplexed here: the header is checked,
 * the tunnel found by ID and held to the address and binding it was
 * created with, data messages handed up as PPP frames, and an SCCRQ for a
 * new tunnel checked before any state is spent on it.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "compose.h"
#include "session.h"
#include "tunnel.h"

#define L2TP_NTUNNEL_IDS	65536
#define L2TP_MIN_BUCKETS	64

void l2tp_config_defaults(struct l2tp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->host_name = "roam";
	cfg->vendor_name = "roam";
	cfg->firmware_rev = 0x0100;
	cfg->rws = 16;
	cfg->rtx_initial_ms = 1000;
	cfg->rtx_max_ms = 8000;
	cfg->max_retries = 5;
	cfg->ack_delay_ms = 100;
	cfg->hello_interval_ms = 60000;
	cfg->linger_ms = 31000;		/* one full retransmission cycle */
	cfg->max_tunnels = 65000;
	cfg->max_tunnels_per_peer = 4;
	cfg->max_sessions_per_tunnel = 16;
}

static void copy_cstr(char *dst, const char *src)
{
	size_t n = src ? strnlen(src, L2TP_NAME_MAX - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

struct l2tp_ctx *l2tp_new(const struct l2tp_config *cfg)
{
	uint32_t buckets = L2TP_MIN_BUCKETS;
	struct l2tp_ctx *ctx;

	if (cfg->require_auth && !cfg->secret_len)
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ctx->cfg = *cfg;
	if (!ctx->cfg.rws || ctx->cfg.rws > L2TP_RL_MAX_RWS)
		ctx->cfg.rws = L2TP_RL_MAX_RWS;
	if (ctx->cfg.max_tunnels >= L2TP_NTUNNEL_IDS)
		ctx->cfg.max_tunnels = L2TP_NTUNNEL_IDS - 2;
	copy_cstr(ctx->host_name, cfg->host_name);
	copy_cstr(ctx->vendor_name, cfg->vendor_name);
	/* About one tunnel a bucket when full. */
	while (buckets < ctx->cfg.max_tunnels)
		buckets *= 2;
	ctx->hash_mask = buckets - 1;
	ctx->by_id = calloc(buckets, sizeof(*ctx->by_id));
	ctx->by_peer = calloc(buckets, sizeof(*ctx->by_peer));
	if (cfg->secret_len) {
		ctx->secret = malloc(cfg->secret_len);
		if (ctx->secret)
			memcpy(ctx->secret, cfg->secret, cfg->secret_len);
	}
	ctx->cfg.secret = ctx->secret;
	if (!ctx->by_id || !ctx->by_peer ||
	    (cfg->secret_len && !ctx->secret)) {
		l2tp_free(ctx);
		return NULL;
	}
	timerq_init(&ctx->timers);
	return ctx;
}

void l2tp_free(struct l2tp_ctx *ctx)
{
	uint32_t i;

	if (!ctx)
		return;
	for (i = 0; ctx->by_id && i <= ctx->hash_mask; i++)
		while (ctx->by_id[i])
			l2tp_tunnel_destroy(ctx->by_id[i]);
	l2tp_tunnel_reap(ctx);
	timerq_free(&ctx->timers);
	if (ctx->secret) {
		OPENSSL_cleanse(ctx->secret, ctx->cfg.secret_len);
		free(ctx->secret);
	}
	free(ctx->by_id);
	free(ctx->by_peer);
	free(ctx);
}

void l2tp_random(struct l2tp_ctx *ctx, void *buf, size_t len)
{
	if (ctx->cfg.random)
		ctx->cfg.random(ctx->cfg.random_arg, buf, len);
	else if (RAND_bytes(buf, (int)len) != 1)
		memset(buf, 0, len);
}

uint16_t l2tp_random_id(struct l2tp_ctx *ctx)
{
	uint16_t id;
	uint32_t i;

	/* Unguessable IDs first; a scan guarantees an answer when crowded. */
	for (i = 0; i < 32; i++) {
		l2tp_random(ctx, &id, sizeof(id));
		if (id && !l2tp_tunnel_by_id(ctx, id))
			return id;
	}
	for (i = 1; i < L2TP_NTUNNEL_IDS; i++)
		if (!l2tp_tunnel_by_id(ctx, (uint16_t)i))
			return (uint16_t)i;
	return 0;
}

struct l2tp_tunnel *l2tp_tunnel_by_id(struct l2tp_ctx *ctx, uint16_t tid)
{
	struct l2tp_tunnel *t;

	if (!tid)
		return NULL;
	for (t = ctx->by_id[tid & ctx->hash_mask]; t; t = t->id_next)
		if (t->tid == tid)
			return t;
	return NULL;
}

/* Same peer: family, address and port (and IPv6 scope). */
static bool same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;

	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET)
		return a4->sin_addr.s_addr == b4->sin_addr.s_addr &&
		       a4->sin_port == b4->sin_port;
	if (a->sa_family == AF_INET6)
		return !memcmp(&a6->sin6_addr, &b6->sin6_addr,
			       sizeof(a6->sin6_addr)) &&
		       a6->sin6_port == b6->sin6_port &&
		       a6->sin6_scope_id == b6->sin6_scope_id;
	return !memcmp(a, b, sizeof(*a));
}

/*
 * The key same_addr() compares, port included: without the port every
 * tunnel from one address (clients behind one NAT, without IPsec to
 * tell them apart) fell into one bucket, and each SCCRQ and each
 * tunnel's end walked them all.
 */
static uint32_t peer_hash(const struct l2tp_ctx *ctx,
			  const struct sockaddr *ss, uint64_t binding)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;
	const uint8_t *p = NULL, *port = NULL;
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t n = 0, i;

	if (ss->sa_family == AF_INET) {
		p = (const uint8_t *)&s4->sin_addr;
		n = sizeof(s4->sin_addr);
		port = (const uint8_t *)&s4->sin_port;
	} else if (ss->sa_family == AF_INET6) {
		p = (const uint8_t *)&s6->sin6_addr;
		n = sizeof(s6->sin6_addr);
		port = (const uint8_t *)&s6->sin6_port;
	}
	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	for (i = 0; port && i < 2; i++)
		h = (h ^ port[i]) * 16777619u;
	for (i = 0; i < 8; i++)
		h = (h ^ (uint8_t)(binding >> (8 * i))) * 16777619u;
	return h & ctx->hash_mask;
}

void l2tp_tunnel_hash(struct l2tp_ctx *ctx, struct l2tp_tunnel *t)
{
	uint32_t b = peer_hash(ctx, &t->peer.sa, t->binding);

	t->peer_next = ctx->by_peer[b];
	ctx->by_peer[b] = t;
	b = t->tid & ctx->hash_mask;
	t->id_next = ctx->by_id[b];
	ctx->by_id[b] = t;
}

void l2tp_tunnel_unhash(struct l2tp_ctx *ctx, struct l2tp_tunnel *t)
{
	struct l2tp_tunnel **pp;

	pp = &ctx->by_peer[peer_hash(ctx, &t->peer.sa, t->binding)];
	for (; *pp; pp = &(*pp)->peer_next) {
		if (*pp == t) {
			*pp = t->peer_next;
			break;
		}
	}
	for (pp = &ctx->by_id[t->tid & ctx->hash_mask]; *pp;
	     pp = &(*pp)->id_next) {
		if (*pp == t) {
			*pp = t->id_next;
			break;
		}
	}
}

/*
 * Among the tunnels of one peer (address + binding): the one the peer
 * calls peer_tid, if any, and how many there are.
 */
static struct l2tp_tunnel *peer_lookup(struct l2tp_ctx *ctx,
				       const struct sockaddr_storage *ss,
				       uint64_t binding, uint16_t peer_tid,
				       uint32_t *count)
{
	struct l2tp_tunnel *t, *found = NULL;

	*count = 0;
	for (t = ctx->by_peer[peer_hash(ctx, (const struct sockaddr *)ss, binding)]; t;
	     t = t->peer_next) {
		if (t->binding != binding || !same_addr(&t->peer.sa, (const struct sockaddr *)ss))
			continue;
		(*count)++;
		/*
		 * A tunnel being closed is over for the peer too: an SCCRQ
		 * naming it again opens a new one.
		 */
		if (t->peer_tid == peer_tid && t->state < L2TP_TS_CLOSING)
			found = t;
	}
	return found;
}

/*
 * Refuse an SCCRQ without keeping state: StopCCN acking its Ns.  Logged
 * at level (a refusal for load is counted, and logged only at debug: it
 * comes in floods).
 */
static enum l2tp_verdict refuse_at(struct l2tp_ctx *ctx,
				   enum l2tp_log_level level,
				   const struct sockaddr_storage *ss,
				   socklen_t ss_len, uint64_t binding,
				   const struct l2tp_hdr *h, uint16_t peer_tid,
				   uint16_t result, uint16_t error,
				   const char *why)
{
	uint8_t buf[L2TP_COMPOSE_MAX];
	struct l2tp_action *a;
	char addr[L2TP_ADDR_STRLEN];
	size_t len;

	l2tp_addr_str((const struct sockaddr *)ss, addr, sizeof(addr));
	l2tp_log(ctx, level,
		 "l2tp: SCCRQ from %s refused (StopCCN result %u error %u): %s",
		 addr, result, error, why);
	ctx->stats.tunnels_refused++;
	len = l2tp_compose_stopccn(buf, sizeof(buf), peer_tid, 0, result,
				   error, why);
	if (!len)
		return L2TP_DROP_REFUSED;
	l2tp_hdr_set_ns(buf, 0);
	l2tp_hdr_set_nr(buf, (uint16_t)(h->ns + 1));
	a = l2tp_out_push(ctx, L2TP_ACT_SEND, buf, len);
	if (a) {
		a->peer = *ss;
		a->peer_len = ss_len;
		a->binding = binding;
		a->peer_tunnel_id = peer_tid;
	}
	ctx->stats.tx_control++;
	return L2TP_DROP_REFUSED;
}

static enum l2tp_verdict refuse(struct l2tp_ctx *ctx,
				const struct sockaddr_storage *ss,
				socklen_t ss_len, uint64_t binding,
				const struct l2tp_hdr *h, uint16_t peer_tid,
				uint16_t result, uint16_t error,
				const char *why)
{
	return refuse_at(ctx, L2TP_LOG_WARN, ss, ss_len, binding, h,
			 peer_tid, result, error, why);
}

/* A control message for tunnel ID 0: only an SCCRQ may open a tunnel. */
static enum l2tp_verdict new_tunnel(struct l2tp_ctx *ctx,
				    const struct sockaddr_storage *ss,
				    socklen_t ss_len, uint64_t binding,
				    const struct l2tp_hdr *h,
				    const uint8_t *buf)
{
	struct l2tp_msg_err err;
	struct l2tp_tunnel *t;
	struct l2tp_msg *m;
	enum l2tp_verdict v;
	uint32_t count;
	char addr[L2TP_ADDR_STRLEN];
	int rc;

	if (h->msg_len == h->hdr_len) {
		/* The ack of a refusal's StopCCN, typically. */
		ctx->stats.rx_no_tunnel++;
		return L2TP_DROP_NO_TUNNEL;
	}
	m = malloc(sizeof(*m));
	if (!m)
		return L2TP_DROP_STATE;
	rc = l2tp_msg_parse(buf + h->hdr_len, h->msg_len - h->hdr_len,
			    ctx->secret, ctx->cfg.secret_len, m, &err);
	l2tp_addr_str((const struct sockaddr *)ss, addr, sizeof(addr));
	/*
	 * A LAC that gives up before our SCCRP reached it sends StopCCN to
	 * tunnel 0, naming its own tunnel: that finds ours.
	 */
	if (m->type == L2TP_MT_STOPCCN && m->tunnel_id) {
		t = peer_lookup(ctx, ss, binding, m->tunnel_id, &count);
		if (t) {
			v = l2tp_tunnel_input(t, h, buf);
			goto out;
		}
	}
	if (m->type != L2TP_MT_SCCRQ) {
		l2tp_log(ctx, L2TP_LOG_DEBUG,
			 "l2tp: %s from %s for tunnel 0 dropped%s%s",
			 l2tp_msg_type_name(m->type), addr,
			 rc ? ": " : "", rc ? err.text : "");
		v = rc ? L2TP_DROP_MALFORMED : L2TP_DROP_NO_TUNNEL;
		if (rc)
			ctx->stats.rx_malformed++;
		else
			ctx->stats.rx_no_tunnel++;
		goto out;
	}
	/* Without the peer's tunnel ID there is nobody to answer. */
	if (!m->tunnel_id) {
		l2tp_log(ctx, L2TP_LOG_WARN, "l2tp: SCCRQ from %s dropped: %s",
			 addr, rc ? err.text : "no Assigned Tunnel ID");
		ctx->stats.rx_malformed++;
		v = L2TP_DROP_MALFORMED;
		goto out;
	}
	t = peer_lookup(ctx, ss, binding, m->tunnel_id, &count);
	if (t) {
		/* A retransmitted SCCRQ: the tunnel's own Ns check re-acks it. */
		v = l2tp_tunnel_input(t, h, buf);
		goto out;
	}
	if (rc) {
		ctx->stats.rx_malformed++;
		v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
			   L2TP_STOPCCN_ERROR, err.error_code, err.text);
	} else if (m->proto_ver != L2TP_PROTO_VERSION ||
		   m->proto_rev != L2TP_PROTO_REVISION) {
		v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
			   L2TP_STOPCCN_BAD_VERSION,
			   L2TP_PROTO_VERSION << 8 | L2TP_PROTO_REVISION,
			   "only protocol version 1.0 is supported");
	} else if (L2TP_MSG_HAS(m, L2TP_AVP_CHALLENGE) && !ctx->secret) {
		v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
			   L2TP_STOPCCN_NOT_AUTHORIZED, 0,
			   "tunnel authentication asked for, but no secret is configured");
	} else if (ctx->ntunnels >= ctx->cfg.max_tunnels) {
		v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
			   L2TP_STOPCCN_ERROR, L2TP_ERR_RESOURCES,
			   "tunnel limit reached");
	} else if (ctx->busy) {
		ctx->stats.tunnels_busy++;
		v = refuse_at(ctx, L2TP_LOG_DEBUG, ss, ss_len, binding, h,
			      m->tunnel_id, L2TP_STOPCCN_ERROR,
			      L2TP_ERR_RESOURCES,
			      "busy: too many calls in setup, try again later");
	} else if (count >= ctx->cfg.max_tunnels_per_peer) {
		v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
			   L2TP_STOPCCN_ERROR, L2TP_ERR_RESOURCES,
			   "too many tunnels from this peer");
	} else {
		t = l2tp_tunnel_new(ctx, ss, ss_len, binding, m, h->ns);
		if (!t)
			v = refuse(ctx, ss, ss_len, binding, h, m->tunnel_id,
				   L2TP_STOPCCN_ERROR, L2TP_ERR_RESOURCES,
				   "out of memory or tunnel IDs, or not an IP peer");
		else
			v = l2tp_tunnel_input(t, h, buf);
	}
out:
	free(m);
	return v;
}

/* Hold a known tunnel to the address and SA it was opened through. */
static enum l2tp_verdict check_origin(struct l2tp_ctx *ctx,
				      struct l2tp_tunnel *t,
				      const struct sockaddr_storage *ss,
				      uint64_t binding)
{
	char addr[L2TP_ADDR_STRLEN];

	if (t->binding != binding) {
		ctx->stats.rx_wrong_binding++;
		if (!t->rx_wrong_binding++)
			l2tp_log(ctx, L2TP_LOG_WARN,
				 "l2tp tunnel %u (%s): packet through another IPsec SA dropped (counted from now on)",
				 t->tid, l2tp_tunnel_peer_str(t));
		return L2TP_DROP_BINDING;
	}
	if (!same_addr(&t->peer.sa, (const struct sockaddr *)ss)) {
		ctx->stats.rx_wrong_peer++;
		if (!t->rx_wrong_peer++) {
			l2tp_addr_str((const struct sockaddr *)ss, addr, sizeof(addr));
			l2tp_log(ctx, L2TP_LOG_WARN,
				 "l2tp tunnel %u (%s): packet from %s dropped",
				 t->tid, l2tp_tunnel_peer_str(t), addr);
		}
		return L2TP_DROP_PEER;
	}
	return L2TP_OK;
}

/* A data message the kernel passed up: a PPP frame for a running call. */
static enum l2tp_verdict data_input(struct l2tp_ctx *ctx,
				    struct l2tp_tunnel *t,
				    const struct l2tp_hdr *h,
				    const uint8_t *buf)
{
	struct l2tp_session *s = l2tp_session_find(t, h->session_id);
	struct l2tp_action *a;

	ctx->stats.rx_data++;
	if (!s || s->state != L2TP_SS_ESTABLISHED ||
	    t->state != L2TP_TS_ESTABLISHED) {
		ctx->stats.rx_no_session++;
		return L2TP_DROP_NO_SESSION;
	}
	if (h->msg_len == h->hdr_len)
		return L2TP_OK;		/* empty: nothing for PPP */
	a = l2tp_out_push(ctx, L2TP_ACT_PPP_FRAME, buf + h->hdr_len,
			  h->msg_len - h->hdr_len);
	if (a) {
		l2tp_tunnel_fill(t, a);
		a->session_id = s->sid;
		a->peer_session_id = s->peer_sid;
	}
	return L2TP_OK;
}

static enum l2tp_verdict input(struct l2tp_ctx *ctx,
			       const struct sockaddr_storage *ss,
			       socklen_t ss_len, uint64_t binding,
			       const uint8_t *buf, size_t len)
{
	enum l2tp_hdr_err herr;
	enum l2tp_verdict v;
	struct l2tp_tunnel *t;
	struct l2tp_hdr h;
	char addr[L2TP_ADDR_STRLEN];

	herr = l2tp_hdr_parse(buf, len, &h);
	if (herr) {
		ctx->stats.rx_malformed++;
		l2tp_addr_str((const struct sockaddr *)ss, addr, sizeof(addr));
		l2tp_log(ctx, L2TP_LOG_DEBUG, "l2tp: datagram from %s dropped: %s",
			 addr, l2tp_hdr_strerror(herr));
		return L2TP_DROP_MALFORMED;
	}
	if (h.control && !h.tunnel_id)
		return new_tunnel(ctx, ss, ss_len, binding, &h, buf);
	t = l2tp_tunnel_by_id(ctx, h.tunnel_id);
	if (!t) {
		ctx->stats.rx_no_tunnel++;
		return L2TP_DROP_NO_TUNNEL;
	}
	v = check_origin(ctx, t, ss, binding);
	if (v)
		return v;
	if (!h.control)
		return data_input(ctx, t, &h, buf);
	return l2tp_tunnel_input(t, &h, buf);
}

enum l2tp_verdict l2tp_input(struct l2tp_ctx *ctx, uint64_t now_ms,
			     const struct sockaddr *peer, socklen_t peer_len,
			     uint64_t binding, const uint8_t *buf, size_t len,
			     struct l2tp_actions *out)
{
	struct sockaddr_storage ss;
	enum l2tp_verdict v;

	memset(&ss, 0, sizeof(ss));
	if (peer_len > sizeof(ss))
		peer_len = sizeof(ss);
	if (peer && peer_len)
		memcpy(&ss, peer, peer_len);
	l2tp_out_begin(ctx, out, now_ms);
	v = input(ctx, &ss, peer_len, binding, buf, len);
	l2tp_out_end(ctx);
	return v;
}

void l2tp_timer(struct l2tp_ctx *ctx, uint64_t now_ms,
		struct l2tp_actions *out)
{
	struct timerq_entry *tm;
	struct l2tp_tunnel *t;

	l2tp_out_begin(ctx, out, now_ms);
	while ((tm = timerq_first(&ctx->timers)) &&
	       tm->deadline <= now_ms) {
		t = (struct l2tp_tunnel *)((char *)tm -
					   offsetof(struct l2tp_tunnel, timer));
		/* Dequeue first: the tunnel rearms itself if it lives on. */
		timerq_set(&ctx->timers, tm, 0);
		l2tp_tunnel_timer(t);
	}
	l2tp_out_end(ctx);
}

int l2tp_session_close(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		       uint16_t sid, uint16_t result, uint16_t error,
		       struct l2tp_actions *out)
{
	struct l2tp_tunnel *t = l2tp_tunnel_by_id(ctx, tid);
	struct l2tp_session *s = t ? l2tp_session_find(t, sid) : NULL;

	l2tp_out_begin(ctx, out, now_ms);
	if (s && t->state == L2TP_TS_ESTABLISHED) {
		l2tp_session_hangup(s, result, error, NULL);
		l2tp_tunnel_rearm(t);
	}
	l2tp_out_end(ctx);
	return s ? 0 : -1;
}

int l2tp_tunnel_close(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		      uint16_t result, uint16_t error,
		      struct l2tp_actions *out)
{
	struct l2tp_tunnel *t = l2tp_tunnel_by_id(ctx, tid);

	l2tp_out_begin(ctx, out, now_ms);
	if (t)
		l2tp_tunnel_stop(t, result, error, NULL);
	l2tp_out_end(ctx);
	return t ? 0 : -1;
}

int l2tp_tunnel_forget(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		       struct l2tp_actions *out)
{
	struct l2tp_tunnel *t = l2tp_tunnel_by_id(ctx, tid);

	l2tp_out_begin(ctx, out, now_ms);
	if (t)
		l2tp_tunnel_lost(t);
	l2tp_out_end(ctx);
	return t ? 0 : -1;
}

int l2tp_tunnel_move(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		     const struct sockaddr *peer, socklen_t peer_len,
		     struct l2tp_actions *out)
{
	struct l2tp_tunnel *t = l2tp_tunnel_by_id(ctx, tid);
	char was[L2TP_ADDR_STRLEN];
	struct l2tp_session *s;
	struct l2tp_action *a;
	in_port_t port;

	if (!t || peer_len > sizeof(t->peer) || peer->sa_family !=
	    t->peer.sa.sa_family)
		return -1;
	l2tp_out_begin(ctx, out, now_ms);
	/* by_peer hashes address and port: out under the old, in under the new */
	l2tp_tunnel_unhash(ctx, t);
	port = t->peer.in.sin_port;
	l2tp_addr_str(&t->peer.sa, was, sizeof(was));
	memset(&t->peer, 0, sizeof(t->peer));
	memcpy(&t->peer, peer, peer_len);
	t->peer_len = peer_len;
	if (t->peer.sa.sa_family == AF_INET && !t->peer.in.sin_port)
		t->peer.in.sin_port = port;
	l2tp_tunnel_hash(ctx, t);
	t->rx_wrong_peer = 0;
	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u: peer moved from %s to %s (its IPsec SAs moved there), %u session%s follow",
		 t->tid, was, l2tp_tunnel_peer_str(t), t->nsessions,
		 t->nsessions == 1 ? "" : "s");
	for (s = t->sessions; s; s = s->next) {
		a = l2tp_out_push(ctx, L2TP_ACT_PEER_MOVED, NULL, 0);
		if (!a)
			break;
		l2tp_tunnel_fill(t, a);
		a->session_id = s->sid;
		a->peer_session_id = s->peer_sid;
	}
	l2tp_out_end(ctx);
	return 0;
}

void l2tp_shutdown(struct l2tp_ctx *ctx, uint64_t now_ms,
		   struct l2tp_actions *out)
{
	struct l2tp_tunnel *t, *next;
	uint32_t i;

	l2tp_out_begin(ctx, out, now_ms);
	for (i = 0; i <= ctx->hash_mask; i++) {
		for (t = ctx->by_id[i]; t; t = next) {
			/* Stopping can unlink it (when sending fails). */
			next = t->id_next;
			l2tp_tunnel_stop(t, L2TP_STOPCCN_SHUTDOWN, 0,
					 "LNS shutting down");
		}
	}
	l2tp_out_end(ctx);
}

int l2tp_send_ppp(struct l2tp_ctx *ctx, uint16_t tid, uint16_t sid,
		  const uint8_t *frame, size_t len, struct l2tp_actions *out)
{
	struct l2tp_tunnel *t = l2tp_tunnel_by_id(ctx, tid);
	struct l2tp_session *s = t ? l2tp_session_find(t, sid) : NULL;
	struct l2tp_action *a;
	uint8_t hdr[L2TP_DATA_HDR_LEN];
	int rc = -1;

	l2tp_out_begin(ctx, out, ctx->now);
	if (s && s->state == L2TP_SS_ESTABLISHED &&
	    len <= 0xffff - sizeof(hdr)) {
		l2tp_hdr_put_data(hdr, sizeof(hdr), t->peer_tid, s->peer_sid);
		/* Header and frame go into one datagram: push, then append. */
		a = l2tp_out_push(ctx, L2TP_ACT_SEND, hdr, sizeof(hdr));
		if (a && l2tp_out_append(ctx, a, frame, len) == 0) {
			l2tp_tunnel_fill(t, a);
			a->session_id = s->sid;
			a->peer_session_id = s->peer_sid;
			rc = 0;
		}
	}
	l2tp_out_end(ctx);
	return rc;
}

void l2tp_get_stats(const struct l2tp_ctx *ctx, struct l2tp_stats *st)
{
	*st = ctx->stats;
}

void l2tp_set_busy(struct l2tp_ctx *ctx, bool busy)
{
	ctx->busy = busy;
}
