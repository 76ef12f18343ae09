// GDAL/OGR's C API (Debian's libgdal-dev, GDAL 3.6): datasets, vector layers, features,
// geometries as WKB, spatial references, the error handler stack, config options and VSI.
//
// GDAL is not linked: loader.c opens it on first use (most runs read GeoJSON with our own
// scanner and never need it, and binding GDAL and its 113 libraries costs ~40 ms at every
// start). The headers are included as <gdal/…> so that no pkg-config flag adds -lgdal.
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_string.h>
#include <gdal/cpl_vsi.h>

/// Opens GDAL once per process (thread-safe). Returns NULL when it is loaded, else why not
/// (the library or one of its functions missing); the text lives as long as the process.
const char *landctl_gdal_load(void);
