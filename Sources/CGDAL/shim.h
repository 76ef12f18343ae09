// GDAL/OGR's C API (Debian's libgdal-dev, GDAL 3.6): datasets, vector layers, features,
// geometries as WKB, spatial references, the error handler stack, config options and VSI.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
