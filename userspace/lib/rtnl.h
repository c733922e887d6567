/* SPDX-License-Identifier: GPL-2.0 */
/* Creating and deleting roam devices over rtnetlink. */
#ifndef ROAM_RTNL_H
#define ROAM_RTNL_H

#include <stddef.h>
#include <stdint.h>

#include "nl.h"

/*
 * Look a device up by name: 0 with its ifindex and its kind ("" for a
 * device without one, like a physical NIC), or -1 with e set (ENODEV
 * when there is no such device).
 */
int roam_rtnl_link_get(const char *name, uint32_t *ifindex, char *kind,
		       size_t kind_size, struct roam_nl_err *e);

/* Create a roam device ("ip link add NAME type roam"); the kernel loads
 * the module.  EEXIST when a device of that name exists. */
int roam_rtnl_link_add(const char *name, struct roam_nl_err *e);

/* Delete a device, after checking that it is a roam one. */
int roam_rtnl_link_del(const char *name, struct roam_nl_err *e);

#endif /* ROAM_RTNL_H */
