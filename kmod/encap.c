// SPDX-License-Identifier: GPL-2.0
/*
 * roam - registry of encapsulations (l2tp, pptp), each in its own module.
 *
 * A session is created inside an SRCU read-side section opened by
 * roam_encap_get() and closed by roam_encap_put(); the section keeps the
 * encapsulation registered for as long as the creation runs, and may sleep.
 * An encapsulation that unregisters first disappears from the registry (no
 * session can start using it), then waits in synchronize_srcu() for
 * creations in progress, then deletes every session of its kind on every
 * device. Sessions therefore never outlive the module that carries them,
 * and unloading it with live sessions is an ordinary, clean teardown.
 *
 * The read side is SRCU rather than a lock so that session creations share
 * nothing: srcu_read_lock() increments a per-CPU counter, and creations on
 * different CPUs or in different namespaces never touch a common cache line.
 * The cost moves to unregistering, which waits for a grace period.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/srcu.h>

#include "core.h"

/* Read across a session creation; unregister waits for its readers. */
DEFINE_STATIC_SRCU(roam_encaps_srcu);
/* protects writers of roam_encaps[]: register and unregister */
static DEFINE_MUTEX(roam_encaps_lock);
/* written under roam_encaps_lock, read under roam_encaps_srcu */
static const struct roam_encap __rcu *roam_encaps[ROAM_KIND_MAX + 1];

static const char *const roam_kind_names[ROAM_KIND_MAX + 1] = {
	[ROAM_KIND_L2TP] = "l2tp",
	[ROAM_KIND_PPTP] = "pptp",
};

int roam_encap_register(const struct roam_encap *encap)
{
	int err = 0;

	if (encap->kind < 1 || encap->kind > ROAM_KIND_MAX || !encap->xmit)
		return -EINVAL;
	mutex_lock(&roam_encaps_lock);
	if (rcu_access_pointer(roam_encaps[encap->kind]))
		err = -EBUSY;
	else
		rcu_assign_pointer(roam_encaps[encap->kind], encap);
	mutex_unlock(&roam_encaps_lock);
	if (!err)
		pr_debug("encapsulation %s registered\n", encap->name);
	return err;
}
EXPORT_SYMBOL_GPL(roam_encap_register);

void roam_encap_unregister(const struct roam_encap *encap)
{
	mutex_lock(&roam_encaps_lock);
	if (rcu_access_pointer(roam_encaps[encap->kind]) == encap)
		RCU_INIT_POINTER(roam_encaps[encap->kind], NULL);
	mutex_unlock(&roam_encaps_lock);
	/* creations that found it have inserted their session or given up */
	synchronize_srcu(&roam_encaps_srcu);

	roam_devs_flush_encap(encap);
	/* the releases run this encapsulation's code */
	roam_sessions_release_barrier();
	pr_debug("encapsulation %s unregistered\n", encap->name);
}
EXPORT_SYMBOL_GPL(roam_encap_unregister);

/**
 * roam_encap_get - find the encapsulation of a kind, loading its module
 * @kind: a ROAM_KIND_* value (already range-checked by the policy)
 * @srcu_idx: where to keep the read-side section's index for roam_encap_put()
 *
 * Returns it inside an SRCU read-side section on the registry (close it
 * with roam_encap_put()), or NULL with no section open. The caller may
 * sleep in between.
 */
const struct roam_encap *roam_encap_get(enum roam_kind kind, int *srcu_idx)
{
	const struct roam_encap *encap;
	bool tried = false;

	if (kind < 1 || kind > ROAM_KIND_MAX)
		return NULL;
	for (;;) {
		*srcu_idx = srcu_read_lock(&roam_encaps_srcu);
		encap = srcu_dereference(roam_encaps[kind], &roam_encaps_srcu);
		if (encap || tried)
			break;
		srcu_read_unlock(&roam_encaps_srcu, *srcu_idx);
		request_module("roam-encap-%s", roam_kind_names[kind]);
		tried = true;
	}
	if (!encap)
		srcu_read_unlock(&roam_encaps_srcu, *srcu_idx);
	return encap;
}

void roam_encap_put(const struct roam_encap *encap, int srcu_idx)
{
	srcu_read_unlock(&roam_encaps_srcu, srcu_idx);
}
