#!/usr/bin/env bash
# Installs the system libraries LandControl links: GEOS (geos_c) and PROJ, with pkg-config.
# Does nothing when they are already there. Uses sudo when not run as root.
set -euo pipefail
if pkg-config --exists geos proj 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgeos-dev libproj-dev proj-data pkg-config >/dev/null
pkg-config --modversion geos proj >/dev/null
