/*
 * fdtab.c - the sockets this agent owns, indexed by fd.
 */
#include "fdtab.h"

#include <unistd.h>

static unsigned char families[FDTAB_MAX];

int fdtab_add(int fd, int family)
{
	if (fd < 0 || fd >= FDTAB_MAX)
		return -1;
	families[fd] = (unsigned char)family;
	return 0;
}

int fdtab_family(int fd)
{
	if (fd < 0 || fd >= FDTAB_MAX)
		return 0;
	return families[fd];
}

void fdtab_del(int fd)
{
	if (fd >= 0 && fd < FDTAB_MAX)
		families[fd] = 0;
}

void fdtab_close_all(void)
{
	for (int fd = 0; fd < FDTAB_MAX; fd++) {
		if (families[fd]) {
			close(fd);
			families[fd] = 0;
		}
	}
}
