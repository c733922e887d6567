// SPDX-License-Identifier: GPL-2.0
/*
 * The restart state on disk (state_file.h): written whole under a
 * temporary name, synced, then renamed over the old one, so that a crash
 * at any moment leaves either the old file or the new one; 0600 because
 * it holds keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "restart/state_file.h"

int restart_file_write(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[4096];
	size_t off = 0;
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return -errno;
	/* an existing file keeps its mode through O_TRUNC */
	if (fchmod(fd, 0600))
		err = -errno;
	while (!err && off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			off += n;
	}
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int restart_file_read(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	size_t off = 0;
	uint8_t *p;
	int fd, err = 0;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > RESTART_STATE_MAX) {
		err = -EFBIG;
		goto out;
	}
	p = malloc(st.st_size ? st.st_size : 1);
	if (!p) {
		err = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		ssize_t n = read(fd, p + off, st.st_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* shrank under us: the decoder refuses it */
		off += n;
	}
	*buf = p;
	*len = off;
out:
	close(fd);
	return err;
}
