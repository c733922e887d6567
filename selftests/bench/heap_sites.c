// SPDX-License-Identifier: GPL-2.0
/*
 * heap_sites.so: which call sites in a program hold its heap, for the
 * full-session bench (lib_full_scale.sh, SCALE_FULL_HEAP_SITES=1). Never
 * linked into roamd: the bench starts roamd with LD_PRELOAD of this file.
 *
 * Every malloc/calloc/realloc/aligned allocation is recorded under its
 * call site: the first two return addresses that lie in the main
 * program (so an allocation made inside libc or OpenSSL on the
 * program's behalf is charged to the program's line that asked for
 * it), as offsets from the program's load address. free() takes it off.
 * Bytes are counted as malloc_usable_size() + 8, the chunk size that
 * mallinfo2()'s uordblks adds up, so the sites' sum can be set against
 * the heap figure the bench reads.
 *
 * A dump is written each time a line is written to the FIFO named by
 * HEAP_SITES_FIFO: HEAP_SITES_OUT.<k> (k = 0, 1, ...), one line a site
 * with live allocations: "site1 site2 count bytes" (hex offsets, then
 * decimal), for addr2line -e PROGRAM. A FIFO, so the dumping thread
 * sleeps in open()/read() and costs nothing until asked. With
 * HEAP_SITES_ON_MALLINFO=1 a dump is also written at every mallinfo2()
 * call, before it returns: the sites then match a program's own heap
 * readings exactly (the host benches, userspace/bench/, read it so).
 *
 * Build: cc -O2 -shared -fPIC -ftls-model=initial-exec -o heap_sites.so
 * heap_sites.c (initial-exec: the guard flag must not need malloc).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* glibc's own allocators, under the names it exports; no header has them */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t a, size_t n);
extern void __libc_free(void *p);

#define PTR_SLOTS (1u << 21)	/* live allocations tracked, power of 2 */
#define SITE_SLOTS (1u << 14)	/* distinct call sites, power of 2 */
#define DEPTH 40

struct ptr_slot {
	uintptr_t p;		/* 0: empty */
	uint32_t site;		/* index into sites */
	uint32_t bytes;
};

struct site {
	uintptr_t a1, a2;	/* offsets in the program; a1 == 0: empty */
	uint64_t count, bytes;
};

/* protects ptrs, sites, lost (roamd has one thread; the dumper is another) */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct ptr_slot *ptrs;
static struct site *sites;
static uint64_t lost;		/* allocations not recorded: a table was full */
static uintptr_t prog_lo, prog_hi, prog_base;
/* set while this thread is inside the counter: its own allocations pass */
static __thread int busy;

static int find_prog(struct dl_phdr_info *info, size_t size, void *data)
{
	int i;

	(void)size;
	(void)data;
	/* the first object is the program itself */
	prog_base = info->dlpi_addr;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if (!prog_lo || lo < prog_lo)
			prog_lo = lo;
		if (lo + ph->p_memsz > prog_hi)
			prog_hi = lo + ph->p_memsz;
	}
	return 1;
}

static uint32_t hash(uintptr_t v)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (uint32_t)v;
}

/* the site of the caller; lock held; UINT32_MAX if the table is full */
static uint32_t site_of(uintptr_t a1, uintptr_t a2)
{
	uint32_t i = hash(a1 * 31 + a2) & (SITE_SLOTS - 1), n;

	for (n = 0; n < SITE_SLOTS; n++, i = (i + 1) & (SITE_SLOTS - 1)) {
		if (!sites[i].a1) {
			sites[i].a1 = a1;
			sites[i].a2 = a2;
			return i;
		}
		if (sites[i].a1 == a1 && sites[i].a2 == a2)
			return i;
	}
	return UINT32_MAX;
}

static void record(void *p)
{
	void *bt[DEPTH];
	uintptr_t a[2] = { 1, 0 };	/* 1: no frame in the program */
	int n, i, k = 0;
	uint32_t s, j, c;

	if (!p || !ptrs)
		return;
	busy = 1;
	n = backtrace(bt, DEPTH);
	busy = 0;
	for (i = 1; i < n && k < 2; i++) {
		uintptr_t v = (uintptr_t)bt[i];

		if (v >= prog_lo && v < prog_hi)
			a[k++] = v - prog_base;
	}
	pthread_mutex_lock(&lock);
	s = site_of(a[0], a[1]);
	if (s == UINT32_MAX) {
		lost++;
		goto out;
	}
	j = hash((uintptr_t)p) & (PTR_SLOTS - 1);
	for (c = 0; c < PTR_SLOTS && ptrs[j].p; c++)
		j = (j + 1) & (PTR_SLOTS - 1);
	if (c == PTR_SLOTS) {
		lost++;
		goto out;
	}
	ptrs[j].p = (uintptr_t)p;
	ptrs[j].site = s;
	ptrs[j].bytes = malloc_usable_size(p) + 8;
	sites[s].count++;
	sites[s].bytes += ptrs[j].bytes;
out:
	pthread_mutex_unlock(&lock);
}

/* take p off its site; linear probing, so the run after it is moved back */
static void forget(void *p)
{
	uint32_t j, k, h;

	if (!p || !ptrs)
		return;
	pthread_mutex_lock(&lock);
	j = hash((uintptr_t)p) & (PTR_SLOTS - 1);
	while (ptrs[j].p && ptrs[j].p != (uintptr_t)p)
		j = (j + 1) & (PTR_SLOTS - 1);
	if (!ptrs[j].p)
		goto out;	/* allocated before the counter started */
	sites[ptrs[j].site].count--;
	sites[ptrs[j].site].bytes -= ptrs[j].bytes;
	ptrs[j].p = 0;
	for (k = (j + 1) & (PTR_SLOTS - 1); ptrs[k].p;
	     k = (k + 1) & (PTR_SLOTS - 1)) {
		h = hash(ptrs[k].p) & (PTR_SLOTS - 1);
		/* can slot k's entry move back to j? */
		if ((j < k) ? (h <= j || h > k) : (h <= j && h > k)) {
			ptrs[j] = ptrs[k];
			ptrs[k].p = 0;
			j = k;
		}
	}
out:
	pthread_mutex_unlock(&lock);
}

void *malloc(size_t n)
{
	void *p = __libc_malloc(n);

	if (!busy)
		record(p);
	return p;
}

void *calloc(size_t n, size_t m)
{
	void *p = __libc_calloc(n, m);

	if (!busy)
		record(p);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p;

	if (!busy)
		forget(old);
	p = __libc_realloc(old, n);
	if (!busy)
		record(p);
	/* a failed realloc leaves old allocated, now uncounted: rare */
	return p;
}

void *reallocarray(void *old, size_t n, size_t m)
{
	if (m && n > SIZE_MAX / m) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(old, n * m);
}

void *memalign(size_t a, size_t n)
{
	void *p = __libc_memalign(a, n);

	if (!busy)
		record(p);
	return p;
}

void *aligned_alloc(size_t a, size_t n)
{
	return memalign(a, n);
}

int posix_memalign(void **out, size_t a, size_t n)
{
	void *p = memalign(a, n);

	if (!p)
		return ENOMEM;	/* POSIX: the error number itself, positive */
	*out = p;
	return 0;
}

void free(void *p)
{
	if (!busy)
		forget(p);
	__libc_free(p);
}

static struct mallinfo2 (*real_mallinfo2)(void);

/*
 * one line a live site into fd, without malloc; first malloc's own
 * figures at the same instant (in use, free, free in fastbins, mmapped),
 * to set the sites' sum against
 */
static void dump(int fd)
{
	struct mallinfo2 m;
	char line[96];
	uint32_t i;
	int n;

	if (!real_mallinfo2)
		real_mallinfo2 = (struct mallinfo2 (*)(void))
			dlsym(RTLD_NEXT, "mallinfo2");
	pthread_mutex_lock(&lock);
	if (real_mallinfo2) {
		m = real_mallinfo2();
		n = snprintf(line, sizeof(line), "mallinfo %zu %zu %zu\n",
			     m.uordblks, m.fordblks, m.hblkhd);
		if (write(fd, line, n) != n)
			goto out;
	}
	for (i = 0; i < SITE_SLOTS; i++) {
		if (!sites[i].a1 || !sites[i].count)
			continue;
		n = snprintf(line, sizeof(line), "%lx %lx %llu %llu\n",
			     (unsigned long)sites[i].a1,
			     (unsigned long)sites[i].a2,
			     (unsigned long long)sites[i].count,
			     (unsigned long long)sites[i].bytes);
		if (write(fd, line, n) != n)
			goto out;
	}
	n = snprintf(line, sizeof(line), "lost 0 %llu 0\n",
		     (unsigned long long)lost);
	if (write(fd, line, n) != n)
		n = 0;
out:
	pthread_mutex_unlock(&lock);
}

static int dumps;	/* numbers the dumps; lock held, or before threads */

/* dump number dumps++ into HEAP_SITES_OUT.<k> */
static void dump_next(void)
{
	const char *out = getenv("HEAP_SITES_OUT");
	char path[4096], tmp[4200];
	int o, k;

	if (!out)
		return;
	pthread_mutex_lock(&lock);
	k = dumps++;
	pthread_mutex_unlock(&lock);
	snprintf(path, sizeof(path), "%s.%d", out, k);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	/* renamed when whole: the reader waits for the name */
	o = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (o >= 0) {
		dump(o);
		close(o);
		rename(tmp, path);
	}
}

struct mallinfo2 mallinfo2(void)
{
	const char *on = getenv("HEAP_SITES_ON_MALLINFO");
	int was = busy;

	busy = 1;
	if (!real_mallinfo2)
		real_mallinfo2 = (struct mallinfo2 (*)(void))
			dlsym(RTLD_NEXT, "mallinfo2");
	if (on && *on == '1')
		dump_next();
	busy = was;
	return real_mallinfo2();
}

static void *dumper(void *arg)
{
	const char *fifo = getenv("HEAP_SITES_FIFO");
	char buf[64];
	int fd;

	(void)arg;
	busy = 1;
	for (;;) {
		fd = open(fifo, O_RDONLY);
		if (fd < 0)
			return NULL;
		while (read(fd, buf, sizeof(buf)) > 0)
			dump_next();
		close(fd);
	}
	return NULL;
}

__attribute__((constructor)) static void heap_sites_init(void)
{
	sigset_t all, old;
	pthread_t t;
	void *bt[2];


	busy = 1;
	/* backtrace()'s first call loads its unwinder: not in a hook */
	backtrace(bt, 2);
	dl_iterate_phdr(find_prog, NULL);
	ptrs = mmap(NULL, PTR_SLOTS * sizeof(*ptrs), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	sites = mmap(NULL, SITE_SLOTS * sizeof(*sites), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ptrs == MAP_FAILED || sites == MAP_FAILED) {
		ptrs = NULL;
		busy = 0;
		return;
	}
	if (getenv("HEAP_SITES_FIFO") && getenv("HEAP_SITES_OUT")) {
		/* the program's signals stay with its own thread */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		if (pthread_create(&t, NULL, dumper, NULL) == 0)
			pthread_detach(t);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	busy = 0;
}
