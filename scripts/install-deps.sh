#!/usr/bin/env bash
# Installs the system libraries LandControl links: GEOS (geos_c), PROJ, GDAL, libxlsxwriter, libpq, zlib and jemalloc, with
# pkg-config, and GDAL's command-line tools (ogr2ogr/ogrinfo: the tests compare with them).
# Does nothing when they are already there. Uses sudo when not run as root.
set -euo pipefail
if pkg-config --exists geos proj gdal xlsxwriter libpq zlib jemalloc 2>/dev/null && command -v ogr2ogr >/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    libgeos-dev libproj-dev proj-data libgdal-dev gdal-bin libxlsxwriter-dev libpq-dev zlib1g-dev libjemalloc-dev pkg-config >/dev/null
pkg-config --modversion geos proj gdal xlsxwriter libpq zlib jemalloc >/dev/null
