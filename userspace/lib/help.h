/* SPDX-License-Identifier: GPL-2.0 */
/* Help texts of the roam objects, shared by roam and roamd. */
#ifndef ROAM_HELP_H
#define ROAM_HELP_H

#include "cmd.h"

/* The help of one object (ROAM_OBJ_NONE: the program's), ending in a
 * "Where:" block and a newline. */
const char *roam_help_text(enum roam_obj obj);

#endif /* ROAM_HELP_H */
