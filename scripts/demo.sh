#!/usr/bin/env bash
# Quick start: install GEOS/PROJ if missing, build landctl (release) and run it on the
# bundled demo data in shapes/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product landctl
bin="$(swift build -c release --show-bin-path)/landctl"
echo "== landctl info shapes/parcels.geojson"
"$bin" info shapes/parcels.geojson
echo
echo "== landctl info shapes/ledger_problems.geojson (a ledger with broken parcels; exit code 1 = findings)"
"$bin" info shapes/ledger_problems.geojson || [ $? -eq 1 ]
