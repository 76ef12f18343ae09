#!/usr/bin/env bash
# Check `landctl classify` per-parcel areas against the GeoPandas peer
# (shared/bench/peers/classify_geopandas.py) on two datasets:
#   city  a synthetic gen_city.py city of N_PARCELS parcels (area CRS EPSG:4550)
#   wuxi  the 2,033 real Xinwu (Wuxi) EULUC parcels with a messy zone layer derived by
#         scripts/derive_wuxi_zones.py (area CRS EPSG:4549)
#
#   scripts/compare_with_geopandas.sh [N_PARCELS]        (default 20000)
#
# Creates/uses the venv .venv-peers at the repository root (shapely, geopandas, pyogrio,
# pyproj from PyPI), builds landctl (swift build -c release), caches the input data under
# ${TMPDIR:-/tmp}/landctl-compare (never inside the repository: the Wuxi data's licence is
# unclear), runs both tools, compares with scripts/compare_classify.py and prints a table.
# Exit status: 0 both datasets within tolerance, 1 a comparison failed, 2 setup error.
#
# Environment:
#   LANDCTL_BIN=path        use this landctl instead of building one (skips swift build)
#   LANDCTL_SHARED=dir      the shared/ folder (default: ../shared beside the repo, else /work/shared)
#   LANDCTL_COMPARE_CACHE=dir   cache root (default ${TMPDIR:-/tmp}/landctl-compare)
#   COMPARE_DATASETS="wuxi city"  which datasets to run, in order
#   PYTHON=python3          the interpreter the venv is made from
set -euo pipefail

N="${1:-20000}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N_PARCELS]   (a positive integer, default 20000)" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "compare_with_geopandas: $*" >&2; exit 2; }
step() { echo; echo "== $*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# --- shared data
SHARED="${LANDCTL_SHARED:-}"
if [ -z "$SHARED" ]; then
  for cand in "$ROOT/../shared" /work/shared; do
    if [ -f "$cand/bench/peers/classify_geopandas.py" ]; then SHARED="$(cd "$cand" && pwd)"; break; fi
  done
fi
[ -n "$SHARED" ] || die "cannot find shared/ (with bench/peers/classify_geopandas.py); set LANDCTL_SHARED"
PEER="$SHARED/bench/peers/classify_geopandas.py"
GEN_CITY="$SHARED/bench/gen_city.py"
WUXI_SRC="$SHARED/data/china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson"
for f in "$PEER" "$GEN_CITY" "$WUXI_SRC"; do [ -f "$f" ] || die "missing $f"; done

CACHE="${LANDCTL_COMPARE_CACHE:-${TMPDIR:-/tmp}/landctl-compare}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
case "$CACHE/" in
  "$ROOT"/*) die "cache $CACHE is inside the repository; derived Wuxi data must stay outside it" ;;
esac
DATASETS="${COMPARE_DATASETS:-wuxi city}"

# --- venv with the peer's packages
VENV="$ROOT/.venv-peers"
PY="$VENV/bin/python"
PKGS=("shapely>=2.1,<3" "geopandas>=1.0,<2" "pyogrio>=0.10,<1" "pyproj>=3.6,<4" "numpy>=1.26" "pandas>=2.1")
step "venv $VENV"
if [ ! -x "$PY" ]; then
  "${PYTHON:-python3}" -m venv "$VENV" ||
    die "could not create the venv (on Debian: apt-get install python3-venv)"
fi
if ! "$PY" -c 'import shapely, geopandas, pyogrio, pyproj; assert shapely.__version__ >= "2.1"' 2>/dev/null; then
  "$PY" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  "$PY" -m pip install --quiet "${PKGS[@]}" || die "pip install ${PKGS[*]} failed"
fi
"$PY" -c 'import sys, shapely, geopandas, pyogrio, pyproj; print(f"python {sys.version.split()[0]}, shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), geopandas {geopandas.__version__}, pyogrio {pyogrio.__version__}, pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str})")'

# --- landctl
if [ -n "${LANDCTL_BIN:-}" ]; then
  LANDCTL="$LANDCTL_BIN"
  step "landctl: using LANDCTL_BIN=$LANDCTL (no build)"
else
  step "building landctl (swift build -c release)"
  cd "$ROOT"
  if [ -x scripts/install-deps.sh ]; then ./scripts/install-deps.sh; fi
  swift build -c release --product landctl
  LANDCTL="$(swift build -c release --show-bin-path)/landctl"
fi
[ -x "$LANDCTL" ] || die "no landctl executable at $LANDCTL"
if ! "$LANDCTL" classify --help >/dev/null 2>&1; then
  die "$LANDCTL has no working 'classify' subcommand yet ('$LANDCTL classify --help' failed)"
fi

# --- input data (cached; rebuilt when the generator is newer than the cache)
prepare_city() {
  local dir="$CACHE/city-$N"
  if [ -f "$dir/.done" ] && [ "$dir/.done" -nt "$GEN_CITY" ]; then
    echo "city: reusing $dir"
  else
    echo "city: generating $N parcels into $dir"
    rm -rf "$dir.tmp" "$dir"
    "$PY" "$GEN_CITY" "$dir.tmp" --parcels "$N"
    mv "$dir.tmp" "$dir"
    touch "$dir/.done"
  fi
}
prepare_wuxi() {
  local dir="$CACHE/wuxi" derive="$ROOT/scripts/derive_wuxi_zones.py"
  if [ -f "$dir/.done" ] && [ "$dir/.done" -nt "$derive" ] && [ "$dir/.done" -nt "$WUXI_SRC" ]; then
    echo "wuxi: reusing $dir"
    cat "$dir/zones-stats.txt"
  else
    echo "wuxi: deriving zones into $dir"
    rm -rf "$dir.tmp" "$dir"
    "$PY" "$derive" "$WUXI_SRC" "$dir.tmp" | tee "$CACHE/wuxi-zones-stats.txt"
    mv "$dir.tmp" "$dir"
    mv "$CACHE/wuxi-zones-stats.txt" "$dir/zones-stats.txt"
    touch "$dir/.done"
  fi
}

# --- run one dataset: peer, landctl, compare; appends a row to $TABLE
TABLE="$CACHE/summary-$$.tsv"
: > "$TABLE"
trap 'rm -f "$TABLE"' EXIT
FAILED=0
run_dataset() {
  local name="$1" data="$2" crs="$3"
  local run="$CACHE/runs/$name"
  rm -rf "$run"; mkdir -p "$run/landctl"
  local t0 t1 t2 rc
  step "$name: GeoPandas peer (area CRS $crs)"
  t0="$(now)"
  if ! "$PY" "$PEER" "$data/zones.geojson" "$data/parcels.geojson" "$run/reference.csv" --area-crs "$crs"; then
    echo "$name: the GeoPandas peer failed" >&2
    printf '%s\tpeer failed\n' "$name" >> "$TABLE"; FAILED=1; return
  fi
  t1="$(now)"
  step "$name: landctl classify (area CRS $crs)"
  rc=0
  "$LANDCTL" classify --zones "$data/zones.geojson" --parcels "$data/parcels.geojson" --out "$run/landctl" \
    --id-field parcel_id --zone-field zone --area-crs "$crs" > "$run/landctl.log" 2>&1 || rc=$?
  t2="$(now)"
  tail -n 15 "$run/landctl.log"
  # exit 1 = done with findings (e.g. repaired or unusable features): still a result to compare
  if [ "$rc" -gt 1 ] || [ ! -s "$run/landctl/parcels.csv" ]; then
    echo "$name: landctl classify failed (exit $rc, log $run/landctl.log)" >&2
    printf '%s\tlandctl failed (exit %s)\n' "$name" "$rc" >> "$TABLE"; FAILED=1; return
  fi
  echo "landctl exit $rc"
  step "$name: compare"
  rc=0
  "$PY" "$ROOT/scripts/compare_classify.py" "$run/reference.csv" "$run/landctl/parcels.csv" \
    --label "$name" --summary-json "$run/summary.json" || rc=$?
  if [ "$rc" -ne 0 ]; then FAILED=1; fi
  if [ -f "$run/summary.json" ]; then
    "$PY" - "$run/summary.json" "$name" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" >> "$TABLE" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
name, peer_s, ctl_s = sys.argv[2:5]
print("\t".join([name, str(s["compared"]), f'{s["max_abs_m2"]:.4f}', f'{s["max_rel"]:.2e}',
                 str(s["outside_tolerance"] + s["missing_in_landctl"] + s["missing_in_reference"] + s["no_area_failures"]),
                 peer_s, ctl_s, "PASS" if s["pass"] else "FAIL"]))
EOF
  else
    printf '%s\tcompare failed (exit %s)\n' "$name" "$rc" >> "$TABLE"
  fi
}

for ds in $DATASETS; do
  case "$ds" in
    city) step "city: input"; prepare_city; run_dataset "city-$N" "$CACHE/city-$N" EPSG:4550 ;;
    wuxi) step "wuxi: input"; prepare_wuxi; run_dataset wuxi "$CACHE/wuxi" EPSG:4549 ;;
    *) die "unknown dataset '$ds' in COMPARE_DATASETS (use wuxi, city)" ;;
  esac
done

step "summary (outside = parcels outside tolerance + missing + error/no_geometry with reference area)"
"$PY" - "$TABLE" <<'EOF'
import sys
rows = [["dataset", "parcels", "max abs diff m²", "max rel diff", "outside", "peer s", "landctl s", "result"]]
rows += [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
w = [max(len(r[i]) for r in rows if i < len(r)) for i in range(len(rows[0]))]
for r in rows:
    print("  ".join(c.ljust(w[i]) if i == 0 or i == 7 or len(r) < 3 else c.rjust(w[i]) for i, c in enumerate(r)))
EOF
echo "outputs under $CACHE/runs"
exit "$FAILED"
