// SPDX-License-Identifier: GPL-2.0
/*
 * roam - kernel data plane of the roam remote-access VPN concentrator.
 * This file only starts and stops the parts.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "core.h"

static int __init roam_init(void)
{
	int err;

	err = roam_device_init();
	if (err)
		goto err_device;
	err = roam_netlink_init();
	if (err)
		goto err_netlink;
	pr_info("roam data plane loaded\n");
	return 0;

err_netlink:
	roam_device_uninit();
err_device:
	return err;
}

static void __exit roam_exit(void)
{
	int alive;

	/*
	 * Not the reverse of init: the devices go first, so that the
	 * deletion of their sessions still reaches the listeners of the
	 * family (roamd ends the calls on them).  A request racing with
	 * this meets dead devices, as it would an "ip link del".
	 */
	roam_device_uninit();	/* deletes every device, flushing its sessions */
	roam_netlink_uninit();
	roam_sessions_release_barrier();	/* every deferred release done */
	alive = roam_sessions_alive_count();
	if (alive)
		pr_err("%d sessions leaked\n", alive);
}

module_init(roam_init);
module_exit(roam_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("roam remote-access VPN concentrator data plane");
MODULE_ALIAS_RTNL_LINK("roam");
MODULE_ALIAS_GENL_FAMILY(ROAM_FAMILY_NAME);
