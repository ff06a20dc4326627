/* Unlinked temporary files: see tmpfile.h. */
#define _GNU_SOURCE /* O_TMPFILE, mkostemp */
#include "tmpfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int tmpfile_open_unlinked(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    /* a file system without O_TMPFILE: create, then unlink at once */
    char path[512];
    snprintf(path, sizeof(path), "%s/mediationd-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}
