// SPDX-License-Identifier: GPL-2.0
/*
 * roamd's raw GRE socket: PPP control frames of PPTP calls (see gre.h).
 */
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gre.h"

int gre_control_socket_open(void)
{
	struct sock_filter prog[GRE_FILTER_MAX];
	struct sock_fprog fprog = { .filter = prog };
	char buf[64];
	int fd, saved;

	fprog.len = (unsigned short)gre_control_filter(prog);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    IPPROTO_GRE);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
		       sizeof(fprog)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &(int){ 1 },
		       sizeof(int)) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	/* What queued before the filter was attached is unfiltered. */
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
	return fd;
}
