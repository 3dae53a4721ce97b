/* cleanup.h: scope-bound ownership of fds, heap memory and FILE streams.
 * Declare with the attribute; transfer ownership out with steal_ptr / steal_fd. */
#ifndef LC_CLEANUP_H
#define LC_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void lc_free_ptr(void *p)
{
	free(*(void **)p);
}

static inline void lc_close_fd(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void lc_fclose_file(FILE **f)
{
	if (*f != NULL)
		fclose(*f);
}

#define cleanup_free __attribute__((cleanup(lc_free_ptr)))
#define cleanup_close __attribute__((cleanup(lc_close_fd)))
#define cleanup_fclose __attribute__((cleanup(lc_fclose_file)))

static inline void *lc_steal_ptr(void *pp)
{
	void **p = (void **)pp;
	void *v = *p;
	*p = NULL;
	return v;
}

static inline int lc_steal_fd(int *fd)
{
	int v = *fd;
	*fd = -1;
	return v;
}

#define steal_ptr(p) lc_steal_ptr(&(p))
#define steal_fd(fd) lc_steal_fd(&(fd))

#endif
