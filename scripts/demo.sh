#!/usr/bin/env bash
# Quick start: install GEOS/PROJ if missing, build landctl (release) and run the main job on
# the bundled demo district in shapes/: 三区一线 classification and the conflict list.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product landctl
bin="$(swift build -c release --show-bin-path)/landctl"
echo "== landctl info shapes/parcels.geojson"
"$bin" info shapes/parcels.geojson
echo
echo "== landctl classify (exit code 1 = violations found, as the demo has on purpose), with the 三区三线"
"$bin" classify --zones shapes/zones.geojson --parcels shapes/parcels.geojson \
    --constraints shapes/constraints.geojson --id-field parcel_id --out out/demo || [ $? -eq 1 ]
echo
echo "== landctl classify on the 不动产 ledger of red line ZS-R01 (GB/T 21010 codes: 0601 工业用地 is industrial)"
"$bin" classify --zones shapes/zones.geojson --parcels shapes/ledger_gbt21010.geojson \
    --use-scheme auto --out out/gbt21010 || [ $? -eq 1 ]
echo
echo "== landctl validate (标准地 checks of the demo proposals and the 三区三线; exit code 1 = some rejected or to review)"
"$bin" validate --proposals shapes/proposals.geojson --zones shapes/zones.geojson \
    --existing shapes/parcels.geojson --rules shapes/rules-zhoushan.yaml \
    --constraints shapes/constraints.geojson --out out/validate || [ $? -eq 1 ]
echo
echo "== landctl idle (闲置土地 as of 2025-12-31; exit code 1 = idle land found)"
"$bin" idle --parcels shapes/parcels.geojson --buildings shapes/buildings.geojson \
    --zones shapes/zones.geojson --id-field parcel_id --as-of 2025-12-31 --out out/idle || [ $? -eq 1 ]
echo
echo "== landctl retrofit (零地技改 candidates and low-efficiency land; exit code 1 = candidates found)"
"$bin" retrofit --parcels shapes/parcels.geojson --buildings shapes/buildings.geojson \
    --zones shapes/zones.geojson --id-field parcel_id --as-of 2025-12-31 --out out/retrofit || [ $? -eq 1 ]
