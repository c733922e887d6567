/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ESP SAs and policies of each IKE client, as installed in the kernel.
 *
 * A client is one IKE peer: its public address and port as the IKE engine
 * reports them.  Each client gets an xfrm mark of its own, and everything
 * installed for it carries that mark: the outbound SA and both policies
 * match it, the inbound SA sets it on what it decapsulates.  Two clients
 * behind one NAT (same address, both with L2TP port 1701) thus get
 * selectors that are equal and marks that differ, and roam_l2tp, which
 * binds each L2TP tunnel to the mark its packets arrived with, can tell
 * them apart.  A rekeyed SA pair of a client keeps the client's mark, so
 * the tunnel bound to it survives the rekey.
 *
 * The mark is also the reqid of the client's SAs and policy templates.
 *
 * Tunnel mode (IKE Mode-Config clients) keeps the scheme with one
 * change: the client's inner address is its own (from a pool), so the
 * outbound policy and SA are found by that address and carry no mark (the
 * office's traffic to the client has none).  The inbound SA still marks
 * what it decapsulates, and the inbound and forward policies require that
 * mark: a packet that came through another client's SA, whatever its
 * inner source, matches no policy of this client and is dropped.  Each
 * distinct pair of selectors (the client's address, and 0.0.0.0/0 or a
 * split network) has its own three policies.
 *
 * The mapping from an engine SA to xfrm objects and the mark allocation
 * are pure functions (unit-tested); ipsec_add/del/close talk to the
 * kernel through ipsec/xfrm.c.
 */
#ifndef ROAMD_IPSEC_CLIENTS_H
#define ROAMD_IPSEC_CLIENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>
#include <netinet/in.h>

#include "hashtab.h"
#include "ike/ike.h"
#include "ipsec/xfrm.h"

#define IPSEC_MARK_FIRST	0x100	/* below: left to the administrator */
/* Ahead of broad policies an administrator may have installed. */
#define IPSEC_POLICY_PRIORITY	100
/* The kernel removes an SA this long after the engine should have. */
#define IPSEC_HARD_MARGIN_S	60

/* One ESP SA pair as installed: what show prints and delete needs. */
struct ipsec_pair {
	struct ipsec_pair *next;
	struct ipsec_client *client;	/* whose pair it is */
	struct hashtab_node by_spi;	/* in ipsec->pairs_by_spi (spi_in) */
	uint64_t id;			/* the engine's handle */
	uint32_t spi_in, spi_out;	/* host order */
	enum ike_esp_enc enc;
	uint16_t enc_key_len;		/* bytes */
	enum ike_esp_auth auth;
	bool encap;
	uint16_t encap_sport, encap_dport;
	uint64_t added_ms;
	/*
	 * Tunnel mode (Mode-Config clients): the pair's own selectors and
	 * policies, shared by the pairs with the same selectors (a rekey).
	 */
	bool tunnel;
	uint8_t ts_proto;
	struct ike_ip4net ts_local, ts_remote;
};

struct ipsec_client {
	struct ipsec_client *next, **pprev;	/* ipsec->clients */
	uint32_t mark;
	struct hashtab_node by_mark;	/* in ipsec->clients_by_mark */
	/* in ipsec->clients_by_host, under remote's address (not port) */
	struct hashtab_node by_host;
	struct ike_addr local, remote;	/* remote: the IKE peer */
	uint16_t l2tp_port;		/* the client's, from the TS; 0: any */
	bool policies;			/* both policies are installed */
	bool tunnel;			/* tunnel mode: policies per pair */
	struct ipsec_pair *pairs;	/* newest first */
	unsigned int npairs;
	/* what the pairs removed so far carried (rekeyed ones) */
	struct xfrm_sa_counters gone_in, gone_out;
};

#define IPSEC_SUBSCRIBERS_MAX	4
typedef void (*ipsec_gone_fn)(void *arg, uint32_t mark);
/* The client with this mark is at remote now (its NAT moved it). */
typedef void (*ipsec_moved_fn)(void *arg, uint32_t mark,
			       const struct ike_addr *remote);

struct ipsec {
	struct xfrm_conn xfrm;
	struct ipsec_client *clients;	/* newest first */
	unsigned int nclients;
	/* the same, by mark: every L2TP datagram is checked against it */
	struct hashtab clients_by_mark;
	uint32_t next_mark;		/* where the next allocation looks */
	/*
	 * By the peer's address alone: the port moves with NAT mappings
	 * (ipsec_remap), the address does not.  Clients behind one NAT
	 * share a chain, told apart by port.  Keyed (siphash): the
	 * address is the peer's choice.
	 */
	struct hashtab clients_by_host;
	uint64_t host_key[2];
	/* every pair by its inbound SPI (ours, random) */
	struct hashtab pairs_by_spi;
	/*
	 * Bumped whenever a client or SA pair is added, removed or moved:
	 * the restart state (restart/persist.c) is rebuilt only then.
	 */
	uint64_t saved_changes;
	/*
	 * Told when a client's last SA pair is gone (not on close): the
	 * access methods that rest on the client's SAs (L2TP now, XAUTH
	 * clients later).  A subscriber only takes note of the mark and acts
	 * when its service settles: it never calls back into IPsec.
	 */
	struct {
		ipsec_gone_fn gone;
		void *arg;
	} subscriber[IPSEC_SUBSCRIBERS_MAX];
	/* Told when a client moved to a new address; same rules. */
	struct {
		ipsec_moved_fn moved;
		void *arg;
	} mover[IPSEC_SUBSCRIBERS_MAX];
};

/* --- pure: no I/O --------------------------------------------------- */

void ipsec_init(struct ipsec *ip);

/*
 * A mark no client holds, from next_mark upward, wrapping to
 * IPSEC_MARK_FIRST and never 0; advances next_mark past it so that a
 * client that just left does not hand its mark to the next one at once.
 * 0 when all are taken.
 */
uint32_t ipsec_mark_alloc(struct ipsec *ip);

struct ipsec_client *ipsec_client_by_mark(const struct ipsec *ip,
					  uint32_t mark);
struct ipsec_client *ipsec_client_by_peer(const struct ipsec *ip,
					  const struct ike_addr *remote);
/* The client is at remote now (a NAT moved it): filed there. */
void ipsec_client_set_remote(struct ipsec *ip, struct ipsec_client *c,
			     const struct ike_addr *remote);

/* Into the client list and its indexes (c->mark, c->remote set). */
void ipsec_client_file(struct ipsec *ip, struct ipsec_client *c);
/* A pair of c made from esp, into c's list and the SPI index. */
void ipsec_pair_file(struct ipsec *ip, struct ipsec_client *c,
		     struct ipsec_pair *p, const struct ike_esp_sa *esp,
		     uint64_t now);

/* --- the xfrm objects of a pair (pure; ipsec/pair_objects.c) ------- */

static inline struct in_addr ipsec_in4(const struct ike_addr *a)
{
	struct in_addr x;

	memcpy(&x, a->ip, sizeof(x));
	return x;
}

/* Kernel names of the ESP algorithms; NULL if unknown. */
const char *ipsec_enc_name(enum ike_esp_enc enc);
const char *ipsec_auth_name(enum ike_esp_auth auth);

/*
 * The xfrm objects of an SA pair of client c.  The SAs carry the keys:
 * the caller wipes them.  0, or -1 with the reason in err (an address
 * family or algorithm the kernel side does not handle).
 */
int ipsec_xfrm_sa_in(const struct ike_esp_sa *esp,
		     const struct ipsec_client *c, struct xfrm_sa *x,
		     char *err, size_t errlen);
int ipsec_xfrm_sa_out(const struct ike_esp_sa *esp,
		      const struct ipsec_client *c, struct xfrm_sa *x,
		      char *err, size_t errlen);
void ipsec_xfrm_policy_in(const struct ipsec_client *c,
			  struct xfrm_policy *pol);
void ipsec_xfrm_policy_out(const struct ipsec_client *c,
			   struct xfrm_policy *pol);
/*
 * A client not behind NAT: no ICMP port unreachable from us reaches it
 * (an outbound block policy; pair_objects.c says why).
 */
void ipsec_xfrm_policy_quiet(const struct ipsec_client *c,
			     struct xfrm_policy *pol);
/* Tunnel mode: the policy of pair p for dir (XFRM_POLICY_IN/OUT/FWD). */
void ipsec_xfrm_tunnel_policy(const struct ipsec_client *c,
			      const struct ipsec_pair *p, int dir,
			      struct xfrm_policy *pol);

/* "AES-256/SHA1" (with " (weak)"), as the engine names phase 2. */
void ipsec_pair_alg_name(const struct ipsec_pair *p, char *buf, size_t len);

/* --- kernel I/O ------------------------------------------------------ */

/* After ipsec_init(): 0, or -1 when there is no room for another. */
int ipsec_subscribe(struct ipsec *ip, ipsec_gone_fn gone, void *arg);
void ipsec_unsubscribe(struct ipsec *ip, ipsec_gone_fn gone, void *arg);

/* After ipsec_init(): 0, or a negative errno (no XFRM netlink). */
int ipsec_open(struct ipsec *ip);
/* Removes everything installed, logs how much; calls no gone(). */
void ipsec_close(struct ipsec *ip);

/*
 * ipsec/adopt.c: a restarted roamd takes back a client's SA pair that
 * the kernel still holds (SAs and both policies, found by the restart
 * state): the client with mark (not a fresh one: the kernel's objects
 * carry it), the pair as esp names it (no keys: they stay in the
 * kernel).  Nothing is sent to the kernel; what is adopted is removed as
 * anything else later.  L2TP's transport mode only.  0, or -EEXIST (the
 * mark is another peer's, or the SPI is known), -EINVAL (mark out of
 * roam's range, or tunnel mode), -ENOMEM.
 */
int ipsec_adopt(struct ipsec *ip, uint32_t mark, const struct ike_esp_sa *esp,
		uint64_t now);

/* Install an SA pair (and the client's policies with its first). */
int ipsec_add(struct ipsec *ip, const struct ike_esp_sa *esp, uint64_t now);
/* Remove an SA pair (and the policies with the client's last). */
void ipsec_del(struct ipsec *ip, const struct ike_esp_sa *esp);

/*
 * ipsec/remap.c: the client of the pair with inbound SPI spi_in now
 * sends from remote.  A new port (same address): the pair's ESP-in-UDP
 * SAs follow it, keeping SPIs, keys and mark.  A new address: all the
 * client's SAs and policies are installed again at remote (same SPIs,
 * keys, mark, reqid, replay state and counters), the old ones removed,
 * and the move subscribers told.  0 (also when there was nothing left
 * to move), or a negative errno (logged).
 */
int ipsec_subscribe_moves(struct ipsec *ip, ipsec_moved_fn moved, void *arg);
void ipsec_unsubscribe_moves(struct ipsec *ip, ipsec_moved_fn moved,
			     void *arg);
int ipsec_remap(struct ipsec *ip, uint32_t spi_in,
		const struct ike_addr *remote);

/* The kernel's counters of a pair: inbound and outbound. */
int ipsec_pair_counters(struct ipsec *ip, const struct ipsec_client *c,
			const struct ipsec_pair *p,
			struct xfrm_sa_counters *in,
			struct xfrm_sa_counters *out);

/*
 * The traffic of every SA pair of the client at remote, summed with
 * that of its pairs already removed, so that a rekey does not set the
 * count back (what an IKE Mode-Config session has carried); -1 if there
 * is no such client.
 */
int ipsec_client_traffic(struct ipsec *ip, const struct ike_addr *remote,
			 struct xfrm_sa_counters *in,
			 struct xfrm_sa_counters *out);

#endif /* ROAMD_IPSEC_CLIENTS_H */
