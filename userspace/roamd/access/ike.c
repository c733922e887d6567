// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE service: the I/O-free engine in ike/ put on the network.
 *
 * Two UDP sockets: 500, and 4500 for NAT traversal.  The kernel owns
 * ESP-in-UDP on 4500 (UDP_ENCAP_ESPINUDP): it decapsulates ESP itself,
 * drops the one-byte NAT keepalives and leaves us the IKE messages, which
 * start with the four-byte non-ESP marker.  Both sockets bypass IPsec
 * per socket, so IKE never goes through an SA, whatever policies exist.
 * IP_PKTINFO tells which of our addresses a datagram came to; the answer
 * leaves from that address, as the peer and its NAT expect.
 *
 * The engine's actions are run in order after each event: datagrams sent,
 * ESP SA pairs installed and removed through ipsec/clients.c (which tells
 * its subscribers, such as L2TP, when a client's last pair is gone), log
 * lines written, and the timer deadline kept for service.c's timer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <openssl/err.h>
#include <openssl/provider.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "ike/ike.h"
#include "access/ike.h"
#include "ipsec/clients.h"
#include "log.h"
#include "roamd.h"
#include "service.h"

static enum roam_log_level log_level(enum ike_log_level l)
{
	switch (l) {
	case IKE_LOG_ERR:
		return ROAM_LOG_ERROR;
	case IKE_LOG_WARN:
		return ROAM_LOG_WARN;
	case IKE_LOG_INFO:
		return ROAM_LOG_INFO;
	default:
		return ROAM_LOG_DEBUG;
	}
}

void ike_endpoint_str(const struct ike_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family == AF_INET6 ? AF_INET6 : AF_INET, a->ip, ip,
		       sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip,
		 a->port);
}

static struct ike_addr ike_addr4(struct in_addr ip, uint16_t port)
{
	struct ike_addr a = { .family = AF_INET, .port = port };

	memcpy(a.ip, &ip, sizeof(ip));
	return a;
}

/* --- sending ---------------------------------------------------------- */

static void send_datagram(struct roamd_ike *ike, const struct ike_action *x)
{
	static const uint8_t marker[IKE_MARKER_LEN];
	const struct ike_addr *l = &x->send.local, *r = &x->send.remote;
	struct ike_sock *s = &ike->sock[l->port == IKE_NATT_PORT];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(r->port),
	};
	struct in_pktinfo pi = {};
	struct iovec iov[2];
	struct msghdr m = {
		.msg_name = &to,
		.msg_namelen = sizeof(to),
		.msg_iov = iov,
	};
	struct cmsghdr *cm;
	char peer[64];

	ike_endpoint_str(r, peer, sizeof(peer));
	if (r->family != AF_INET || l->family != AF_INET) {
		log_debug("IKE to %s: not sent: only IPv4 is supported", peer);
		return;
	}
	memcpy(&to.sin_addr, r->ip, 4);
	/* On 4500 the marker tells the peer's kernel this is not ESP. */
	if (s->port == IKE_NATT_PORT)
		iov[m.msg_iovlen++] = (struct iovec){ (void *)marker,
						      IKE_MARKER_LEN };
	iov[m.msg_iovlen++] = (struct iovec){ x->send.buf, x->send.len };
	memcpy(&pi.ipi_spec_dst, l->ip, 4);
	if (pi.ipi_spec_dst.s_addr != INADDR_ANY) {
		m.msg_control = cbuf.buf;
		m.msg_controllen = sizeof(cbuf.buf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	if (sendmsg(s->fd, &m, MSG_DONTWAIT) < 0)
		log_warn("IKE to %s: cannot send from UDP %u: %m", peer,
			 s->port);
}

/* --- the engine's actions --------------------------------------------- */

#define IKE_LOG_BURST		20
#define IKE_LOG_INTERVAL_S	10

/* Warnings and errors within the budget of the window (ike.h). */
static bool log_allowed(struct roamd_ike *ike, enum ike_log_level level)
{
	uint64_t now = roamd_now_ms();

	if (level > IKE_LOG_WARN)
		return true;	/* info and debug: the level decides */
	if (now >= ike->log_window_end) {
		if (ike->log_held)
			log_warn("IKE: %llu warnings held back in the last %u s (hostile or broken input; counters: roam -s daemon show)",
				 (unsigned long long)ike->log_held,
				 IKE_LOG_INTERVAL_S);
		ike->log_window_end = now + IKE_LOG_INTERVAL_S * 1000;
		ike->log_lines = 0;
		ike->log_held = 0;
	}
	if (ike->log_lines < IKE_LOG_BURST) {
		ike->log_lines++;
		return true;
	}
	ike->log_held++;
	ike->log_held_total++;
	return false;
}

void ike_run_actions(struct roamd_ike *ike, struct ike_actions *a)
{
	uint64_t now = roamd_now_ms();
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct ike_action *x = &a->v[i];

		switch (x->type) {
		case IKE_ACT_SEND:
			send_datagram(ike, x);
			break;
		case IKE_ACT_SA_ADD:
			ipsec_add(&ike->d->ipsec, &x->sa, now);
			break;
		case IKE_ACT_SA_DEL:
			ike_ra_sa_going(ike, &x->sa);
			ipsec_del(&ike->d->ipsec, &x->sa);
			break;
		case IKE_ACT_SA_MAP:
			if (!ipsec_remap(&ike->d->ipsec, x->map.spi_in,
					 &x->map.new_remote))
				ike_ra_peer_moved(ike, &x->map.old_remote,
						  &x->map.new_remote);
			break;
		case IKE_ACT_TIMER:
			ike->deadline = x->deadline_ms;
			break;
		case IKE_ACT_LOG:
			/* the engine's texts carry no keys and no PSK */
			if (log_allowed(ike, x->log.level))
				roam_log(log_level(x->log.level), "%s",
					 x->log.text);
			break;
		}
	}
	ike_ra_queue(ike, a);
	/* wipes the keys of the SA_ADD actions and the events' passwords */
	ike_actions_clear(a);
}

/* --- receiving -------------------------------------------------------- */

/* Our address the datagram was sent to; INADDR_ANY if not told. */
static struct in_addr local_addr(struct msghdr *m)
{
	struct in_addr a = { INADDR_ANY };
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm)) {
		struct in_pktinfo pi;

		if (cm->cmsg_level != IPPROTO_IP ||
		    cm->cmsg_type != IP_PKTINFO ||
		    cm->cmsg_len < CMSG_LEN(sizeof(pi)))
			continue;
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		a = pi.ipi_addr;
	}
	return a;
}

/* One datagram; false when the socket is drained. */
static bool receive_one(struct ike_sock *s)
{
	static const uint8_t marker[IKE_MARKER_LEN];
	struct roamd_ike *ike = s->ike;
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + 64];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_in from;
	struct iovec iov = { ike->rx, sizeof(ike->rx) };
	struct msghdr m = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf.buf,
		.msg_controllen = sizeof(cbuf.buf),
	};
	struct ike_addr local, remote;
	struct ike_actions a;
	const uint8_t *data = ike->rx;
	char peer[64];
	ssize_t n;

	n = recvmsg(s->fd, &m, MSG_DONTWAIT);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_warn("IKE: UDP %u: %m", s->port);
		return false;
	}
	if (m.msg_namelen < sizeof(from) || from.sin_family != AF_INET)
		return true;
	remote = ike_addr4(from.sin_addr, ntohs(from.sin_port));
	local = ike_addr4(local_addr(&m), s->port);
	ike_endpoint_str(&remote, peer, sizeof(peer));
	if (m.msg_flags & MSG_TRUNC) {
		log_debug("IKE from %s dropped: longer than %zu bytes", peer,
			  sizeof(ike->rx));
		return true;
	}
	if (s->port == IKE_NATT_PORT) {
		/* ESP never reaches us: the kernel took it (UDP_ENCAP). */
		if (n < IKE_MARKER_LEN || memcmp(data, marker, IKE_MARKER_LEN)) {
			log_debug("IKE from %s on UDP %u dropped: no non-ESP marker",
				  peer, s->port);
			return true;
		}
		data += IKE_MARKER_LEN;
		n -= IKE_MARKER_LEN;
	}
	ike_actions_init(&a);
	ike_input(ike->ctx, roamd_now_ms(), &local, &remote, data, n, &a);
	ike_run_actions(ike, &a);
	return true;
}

static void sock_readable(struct roamd_watch *w, uint32_t events)
{
	struct ike_sock *s = container_of(w, struct ike_sock, watch);
	int budget = IKE_RX_BUDGET;

	(void)events;
	while (budget-- && receive_one(s))
		;
}

/* --- start and stop --------------------------------------------------- */

/* Exempt the socket from every IPsec policy, in both directions. */
static int bypass_ipsec(int fd)
{
	struct xfrm_userpolicy_info pol;
	int dir;

	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		memset(&pol, 0, sizeof(pol));
		pol.sel.family = AF_INET;
		pol.lft.soft_byte_limit = XFRM_INF;
		pol.lft.hard_byte_limit = XFRM_INF;
		pol.lft.soft_packet_limit = XFRM_INF;
		pol.lft.hard_packet_limit = XFRM_INF;
		pol.dir = dir;
		pol.action = XFRM_POLICY_ALLOW;
		if (setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &pol,
			       sizeof(pol)))
			return -1;
	}
	return 0;
}

static int sock_open(struct roamd_ike *ike, struct ike_sock *s,
		     uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1, encap = UDP_ENCAP_ESPINUDP;

	s->ike = ike;
	s->port = port;
	s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		log_err("IKE: cannot open a UDP socket: %m");
		return -1;
	}
	if (setsockopt(s->fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one))) {
		log_err("IKE: UDP %u: cannot ask for IP_PKTINFO: %m", port);
		return -1;
	}
	if (bypass_ipsec(s->fd)) {
		log_err("IKE: UDP %u: cannot exempt the socket from IPsec (IP_XFRM_POLICY): %m",
			port);
		return -1;
	}
	if (bind(s->fd, (struct sockaddr *)&sin, sizeof(sin))) {
		if (errno == EADDRINUSE)
			log_err("IKE: cannot listen on UDP %u: it is in use (another IKE daemon, such as charon or pluto, running?)",
				port);
		else
			log_err("IKE: cannot listen on UDP %u: %m", port);
		return -1;
	}
	if (port == IKE_NATT_PORT &&
	    setsockopt(s->fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap))) {
		log_err("IKE: UDP %u: cannot enable ESP-in-UDP (UDP_ENCAP): %m",
			port);
		return -1;
	}
	loop_sock_rcvbuf(s->fd, ROAMD_UDP_RCVBUF);
	s->watch.fd = s->fd;
	s->watch.cb = sock_readable;
	if (loop_add(&ike->d->loop, &s->watch, EPOLLIN)) {
		log_err("IKE: epoll: %m");
		return -1;
	}
	return 0;
}

static void sock_close(struct roamd_ike *ike, struct ike_sock *s)
{
	if (s->fd < 0)
		return;
	if (s->watch.cb)
		loop_del(&ike->d->loop, &s->watch);
	close(s->fd);
	s->fd = -1;
}

/*
 * Single DES (old phase 1 proposals) is in OpenSSL's legacy provider.
 * Loading a provider by hand ends the implicit loading of "default", so
 * that one is loaded too.
 */
static void providers_load(struct roamd_ike *ike)
{
	ike->legacy = OSSL_PROVIDER_load(NULL, "legacy");
	if (!ike->legacy)
		log_warn("IKE: OpenSSL's legacy provider is not available: proposals with single DES will fail");
	ike->deflt = OSSL_PROVIDER_load(NULL, "default");
	if (!ike->deflt)
		log_err("IKE: OpenSSL's default provider is not available: IKE will fail");
	ERR_clear_error();
}

static void providers_unload(struct roamd_ike *ike)
{
	if (ike->legacy)
		OSSL_PROVIDER_unload(ike->legacy);
	if (ike->deflt)
		OSSL_PROVIDER_unload(ike->deflt);
	ike->legacy = NULL;
	ike->deflt = NULL;
}

/*
 * The engine's configuration from roamd's settings and groups.  The
 * tables point at the configuration's secrets (the engine copies them):
 * freeing them frees no secret.  Free *groups too.
 */
static struct ike_psk *config_build(const struct roamd_db *db,
				    struct ike_config *cfg,
				    struct ike_ra_group **groups)
{
	const struct roamd_settings *s = &db->settings;
	struct ike_psk *psk = calloc(s->npsks + 1, sizeof(*psk));
	struct ike_ra_group *g = calloc(db->groups.n + 1, sizeof(*g));
	struct roamd_group_policy pol;
	size_t i, n = 0;

	ike_config_default(cfg);
	cfg->allow_weak = s->ike_allow_weak;
	cfg->dpd_interval_s = s->dpd_interval;
	cfg->dpd_timeout_s = s->dpd_timeout;
	if (s->ike_setup_limit)
		cfg->max_half_open = s->ike_setup_limit;
	*groups = g;
	if (!psk || !g) {
		free(psk);
		return NULL;
	}
	for (i = 0; i < s->npsks; i++) {
		uint32_t peer = htonl(s->psks[i].peer);

		psk[i].any = s->psks[i].any;
		if (!psk[i].any) {
			psk[i].peer.family = AF_INET;
			memcpy(psk[i].peer.ip, &peer, sizeof(peer));
		}
		psk[i].key = s->psks[i].secret;
		psk[i].key_len = s->psks[i].secret_len;
		psk[i].group = s->psks[i].group[0] ? s->psks[i].group : NULL;
	}
	cfg->psk = psk;
	cfg->n_psk = s->npsks;
	for (i = 0; i < db->groups.n; i++) {
		const struct roamd_group *rg = db->groups.v[i];

		/* the base group ("group set base") has no key: no client's */
		if (!rg->psk)
			continue;
		groups_resolve(rg, &pol);
		g[n].name = rg->name;
		g[n].psk = rg->psk;
		g[n].psk_len = rg->psk_len;
		g[n].aggressive = pol.aggressive;
		g[n].xauth = pol.xauth;
		g[n].push_config = pol.push;
		n++;
	}
	cfg->groups = g;
	cfg->n_groups = n;
	return psk;
}

static void ike_free_all(struct roamd_ike *ike)
{
	sock_close(ike, &ike->sock[0]);
	sock_close(ike, &ike->sock[1]);
	ike_mapping_close(ike);
	ipsec_close(&ike->d->ipsec);
	ike_free(ike->ctx);
	ike_ra_fini(ike);
	providers_unload(ike);
	free(ike);
}

static int ike_start(struct roamd *d)
{
	const struct roamd_settings *s = &d->db.settings;
	struct roamd_ike *ike = calloc(1, sizeof(*ike));
	struct ike_ra_group *groups;
	struct ike_config cfg;
	struct ike_psk *psk;
	int r;

	if (!ike) {
		log_err("IKE: out of memory");
		return -1;
	}
	ike->d = d;
	ike->sock[0].fd = -1;
	ike->sock[1].fd = -1;
	ike->map_fd = -1;
	providers_load(ike);
	psk = config_build(&d->db, &cfg, &groups);
	ike->ctx = psk ? ike_new(&cfg) : NULL;
	free(psk);
	free(groups);
	if (!ike->ctx) {
		log_err("IKE: out of memory");
		goto fail;
	}
	r = ipsec_open(&ike->d->ipsec);
	if (r) {
		log_err("IKE: cannot open XFRM netlink: %s", strerror(-r));
		goto fail;
	}
	if (sock_open(ike, &ike->sock[0], IKE_PORT) ||
	    sock_open(ike, &ike->sock[1], IKE_NATT_PORT))
		goto fail;
	/* Without it clients behind a NAT that re-maps lose their traffic. */
	if (ike_mapping_open(ike))
		log_warn("IKE: no NAT mapping events from the kernel: clients whose NAT changes their port will have to reconnect");
	d->ike = ike;
	d->sessions.lower_stats = ike_ra_session_stats;
	d->sessions.lower_stats_ctx = d;
	log_info("IKE: listening on UDP %u and %u, %zu pre-shared key%s, %zu remote-access group%s, weak proposals %s",
		 IKE_PORT, IKE_NATT_PORT, s->npsks, s->npsks == 1 ? "" : "s",
		 d->db.groups.n, d->db.groups.n == 1 ? "" : "s",
		 s->ike_allow_weak ? "allowed" : "refused");
	if (!s->npsks && !d->db.groups.n)
		log_warn("IKE: no pre-shared key: every client will be refused (psk add peer any secret ...)");
	return 0;
fail:
	ike_free_all(ike);
	return -1;
}

static void ike_stop(struct roamd *d)
{
	struct roamd_ike *ike = d->ike;

	if (!ike)
		return;
	d->ike = NULL;
	d->sessions.lower_stats = NULL;
	ike_free_all(ike);
}

static uint64_t ike_deadline(struct roamd *d)
{
	struct roamd_ike *ike = d->ike;

	return ike && ike->deadline ? ike->deadline : UINT64_MAX;
}

static void ike_run_timer(struct roamd *d, uint64_t now)
{
	struct roamd_ike *ike = d->ike;
	struct ike_actions a;

	if (!ike)
		return;
	ike_actions_init(&a);
	ike_timer(ike->ctx, now, &a);
	ike_run_actions(ike, &a);
}

static void ike_settings_changed(struct roamd *d)
{
	struct roamd_ike *ike = d->ike;
	struct ike_ra_group *groups;
	struct ike_config cfg;
	struct ike_psk *psk;

	if (!ike)
		return;
	psk = config_build(&d->db, &cfg, &groups);
	if (!psk || ike_reconfigure(ike->ctx, &cfg))
		log_err("IKE: out of memory: the new pre-shared keys and settings are not in use");
	free(psk);
	free(groups);
}

static bool ike_settle(struct roamd *d, uint64_t now)
{
	(void)now;
	return d->ike ? ike_ra_settle(d->ike) : false;
}

const struct roamd_service ike_service = {
	.name = "IKE",
	.start = ike_start,
	.stop = ike_stop,
	.deadline = ike_deadline,
	.timer = ike_run_timer,
	.settle = ike_settle,
	.settings_changed = ike_settings_changed,
	.show = ike_show,
};
