/* SPDX-License-Identifier: GPL-2.0 */
/* Printing a resolved group policy (group show, user show). */
#ifndef ROAMD_POLICY_SHOW_H
#define ROAMD_POLICY_SHOW_H

#include "print.h"

struct roamd_policy;

/* Each setting in force and where it came from, as a "policy" object. */
void policy_show(struct roam_print *p, const struct roamd_policy *pol);

#endif /* ROAMD_POLICY_SHOW_H */
