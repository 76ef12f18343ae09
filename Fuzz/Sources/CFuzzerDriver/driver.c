// Only the declaration in include/CFuzzerDriver.h is needed; SwiftPM wants one source file.
#include "CFuzzerDriver.h"
