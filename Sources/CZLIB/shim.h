// Debian's zlib1g-dev: deflate and CRC-32 for results.xlsx's ZIP container.
#include <zlib.h>
