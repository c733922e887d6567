/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam.ko internals shared between its files; not for the encapsulation
 * modules (they see roam.h only).
 */
#ifndef _ROAM_CORE_H
#define _ROAM_CORE_H

#include "roam.h"

/**
 * struct roam_net - roam.ko's data in one network namespace (device.c)
 * @generation: bumped on every change of the namespace's devices or of
 *	their sessions; dumps check it
 * @devs_lock: protects @devs. Held by device creation and deletion in
 *	this namespace, by its device and session dumps (across one part
 *	of a dump, so that no device on the list is freed under the walk),
 *	and by an encapsulation's unload; never across namespaces, so
 *	namespaces do not contend.
 * @devs: the roam devices of this namespace (roam_dev.list)
 * @node: entry in device.c's list of every namespace's roam_net
 */
struct roam_net {
	atomic_t generation;
	struct mutex devs_lock;
	struct list_head devs;
	struct list_head node;
};

struct roam_net *roam_net(struct net *net);
atomic_t *roam_net_generation(struct net *net);
void roam_devs_flush_encap(const struct roam_encap *encap);

int roam_device_init(void);
void roam_device_uninit(void);
struct roam_dev *roam_dev_from_netdev(const struct net_device *dev);
u64 roam_dev_tx_no_session(struct roam_dev *rdev);

int roam_encap_init(void);
void roam_encap_uninit(void);
const struct roam_encap *roam_encap_get(enum roam_kind kind, int *srcu_idx);
void roam_encap_put(const struct roam_encap *encap, int srcu_idx);

int roam_sessions_init(struct roam_dev *rdev);
void roam_sessions_uninit(struct roam_dev *rdev);
struct roam_session *roam_session_alloc(struct roam_dev *rdev,
					const struct roam_encap *encap);
void roam_session_free_unhashed(struct roam_session *s);
int roam_session_insert(struct roam_session *s, struct netlink_ext_ack *extack);
int roam_session_set_peer(struct roam_session *s, __be32 addr, __be16 port,
			  struct netlink_ext_ack *extack);
int roam_session_set_ipv4(struct roam_session *s, __be32 addr,
			  struct netlink_ext_ack *extack);
struct roam_session *roam_session_get(struct roam_dev *rdev, u32 id);
struct roam_session *roam_session_lookup_id_rcu(struct roam_dev *rdev, u32 id);
struct roam_session *roam_session_lookup_ipv4(struct roam_dev *rdev,
					      __be32 addr);
struct roam_session *roam_session_lookup_ipv6(struct roam_dev *rdev,
					      const struct in6_addr *addr);
int roam_session_delete(struct roam_dev *rdev, u32 id,
			enum roam_del_reason reason);
int roam_sessions_alive_count(void);
void roam_dev_flush(struct roam_dev *rdev, const struct roam_encap *only,
		    enum roam_del_reason reason);

int roam_netlink_init(void);
void roam_netlink_uninit(void);
void roam_netlink_notify(struct roam_session *s, u8 cmd,
			 enum roam_del_reason reason);

#endif /* _ROAM_CORE_H */
