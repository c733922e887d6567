// SPDX-License-Identifier: GPL-2.0
/*
 * roam - registry of encapsulations (l2tp, pptp), each in its own module.
 *
 * A session is created with roam_encap_get() held, which keeps its
 * encapsulation registered until roam_encap_put(). An encapsulation that
 * unregisters first disappears from the registry (no session can start
 * using it), then waits for creations in progress, then deletes every
 * session of its kind on every device. Sessions therefore never outlive
 * the module that carries them, and unloading it with live sessions is an
 * ordinary, clean teardown.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/rwsem.h>

#include "core.h"

/* Held for reading across a session creation, for writing to unregister. */
static DECLARE_RWSEM(roam_encaps_sem);
/* protected by roam_encaps_sem */
static const struct roam_encap *roam_encaps[ROAM_KIND_MAX + 1];

static const char *const roam_kind_names[ROAM_KIND_MAX + 1] = {
	[ROAM_KIND_L2TP] = "l2tp",
	[ROAM_KIND_PPTP] = "pptp",
};

int roam_encap_register(const struct roam_encap *encap)
{
	int err = 0;

	if (encap->kind < 1 || encap->kind > ROAM_KIND_MAX || !encap->xmit)
		return -EINVAL;
	down_write(&roam_encaps_sem);
	if (roam_encaps[encap->kind])
		err = -EBUSY;
	else
		roam_encaps[encap->kind] = encap;
	up_write(&roam_encaps_sem);
	if (!err)
		pr_debug("encapsulation %s registered\n", encap->name);
	return err;
}
EXPORT_SYMBOL_GPL(roam_encap_register);

void roam_encap_unregister(const struct roam_encap *encap)
{
	down_write(&roam_encaps_sem);
	if (roam_encaps[encap->kind] == encap)
		roam_encaps[encap->kind] = NULL;
	up_write(&roam_encaps_sem);

	roam_devs_flush_encap(encap);
	/* the releases run this encapsulation's code */
	roam_sessions_release_barrier();
	pr_debug("encapsulation %s unregistered\n", encap->name);
}
EXPORT_SYMBOL_GPL(roam_encap_unregister);

/**
 * roam_encap_get - find the encapsulation of a kind, loading its module
 * @kind: a ROAM_KIND_* value (already range-checked by the policy)
 *
 * Returns it with the registry held for reading (release with
 * roam_encap_put()), or NULL with nothing held.
 */
const struct roam_encap *roam_encap_get(enum roam_kind kind)
{
	const struct roam_encap *encap;
	bool tried = false;

	if (kind < 1 || kind > ROAM_KIND_MAX)
		return NULL;
	for (;;) {
		down_read(&roam_encaps_sem);
		encap = roam_encaps[kind];
		if (encap || tried)
			break;
		up_read(&roam_encaps_sem);
		request_module("roam-encap-%s", roam_kind_names[kind]);
		tried = true;
	}
	if (!encap)
		up_read(&roam_encaps_sem);
	return encap;
}

void roam_encap_put(const struct roam_encap *encap)
{
	up_read(&roam_encaps_sem);
}
