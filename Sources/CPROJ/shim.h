// PROJ's C API and its geodesic routines (geodesic.h ships inside libproj).
#include <proj.h>
#include <geodesic.h>
