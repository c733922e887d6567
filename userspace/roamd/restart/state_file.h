/* SPDX-License-Identifier: GPL-2.0 */
/* The restart state file on disk: atomic replace, bounded read. */
#ifndef ROAMD_RESTART_STATE_FILE_H
#define ROAMD_RESTART_STATE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "restart/state.h"

/* Write buf as path (via path.tmp, fsync, rename; 0600): 0 or -errno. */
int restart_file_write(const char *path, const uint8_t *buf, size_t len);
/*
 * Read path whole into a fresh *buf (the caller wipes and frees it):
 * 0, or -errno (-ENOENT: no file; -EFBIG: over RESTART_STATE_MAX or not
 * a regular file).
 */
int restart_file_read(const char *path, uint8_t **buf, size_t *len);

#endif /* ROAMD_RESTART_STATE_FILE_H */
