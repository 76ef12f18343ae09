// jemalloc (Debian's libjemalloc-dev, 5.3): linked into landctl so that it, not glibc's
// malloc, serves every allocation of the process (Swift's, GEOS's, PROJ's): the parcel
// pipeline allocates and frees small objects on both cores, where jemalloc's per-thread
// caches are 3–5 % faster end to end (bench: idle, audit, retrofit). Only its control
// function is declared; malloc and free keep libc's prototypes.
#include <stddef.h>
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
