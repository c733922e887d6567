/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers used all over userspace/. */
#ifndef ROAM_UTIL_H
#define ROAM_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __unused	__attribute__((unused))

/* Compare a counted string with a C string literal or keyword. */
static inline int streq_n(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] != s[i] || !word[i])
			return 0;
	return word[len] == '\0';
}

#endif /* ROAM_UTIL_H */
