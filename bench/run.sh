#!/usr/bin/env bash
# Benchmark: landctl classify against GeoPandas, DuckDB spatial and a plain C loop over the
# same GEOS/PROJ (the team's peers in ../shared/bench), on gen_city.py cities; and the same
# parcels as GeoPackage and Shapefile (made by GDAL's ogr2ogr): landctl's read and classify
# against pyogrio's read_dataframe of the same files; and the classify results written to PostGIS
# (--out-db) beside the files, when scripts/postgis.sh's server runs.
#
#   bench/run.sh [SIZES...]          (default: 100000)
#
# Generates the cities once (cached in bench/cache/), builds landctl in release, installs
# the Python peers into .venv-peers from PyPI when missing, compiles the C loop, runs every
# tool on the same files, checks that every tool's per-parcel areas agree with landctl's
# (max(0.5 m², 0.01 %)), and prints one table per size: seconds per phase, total, max RSS and
# the ratio of each tool's total to landctl's, then the formats table. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${LANDCTL_SHARED:-$ROOT/../shared}
[ -d "$SHARED/bench" ] || { echo "the team's shared folder is not beside the repository ($SHARED); set LANDCTL_SHARED" >&2; exit 2; }
CACHE=$ROOT/bench/cache
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000)
mkdir -p "$CACHE"

echo "== build landctl (release)" >&2
swift build -c release --product landctl >&2
BIN="$(swift build -c release --show-bin-path)/landctl"

VENV=$ROOT/.venv-peers
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import geopandas, pyogrio, pyarrow, duckdb, duckdb_extension_spatial" 2>/dev/null; then
  echo "== install peers into $VENV (PyPI)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "shapely>=2.1,<3" "geopandas>=1.0,<2" "pyogrio>=0.10,<1" "pyproj>=3.6,<4" pyarrow duckdb duckdb-extension-spatial >&2
fi
LIMIT=$CACHE/geos_limit
if [ ! -x "$LIMIT" ] || [ "$SHARED/bench/limit/geos_limit.c" -nt "$LIMIT" ]; then
  cc -O2 "$SHARED/bench/limit/geos_limit.c" -o "$LIMIT" $(pkg-config --cflags --libs geos proj)
fi

timed() { # timed LOG CMD... : runs CMD, stdout+stderr to LOG, appends "maxrss_kb N" and "wall_s S"
  local log=$1; shift
  local start end
  # Every tool starts with nothing of the step before still being written: the disk's dirty
  # pages (landctl's gigabyte, dd's, the last run's folder just deleted on a disk mounted with
  # online discard) are flushed before the clock starts, not during the next tool's run.
  sync
  start=$(date +%s.%N)
  /usr/bin/time -f "maxrss_kb %M" -o "$log.time" "$@" > "$log" 2>&1 || { local rc=$?; [ $rc -eq 1 ] || { echo "failed ($rc): $*" >&2; cat "$log" >&2; exit 2; }; }
  end=$(date +%s.%N)
  cat "$log.time" >> "$log"
  echo "wall_s $(python3 -c "print($end - $start)")" >> "$log"
}

for N in "${SIZES[@]}"; do
  CITY=$CACHE/city-$N
  if [ ! -f "$CITY/parcels.geojson" ]; then
    echo "== generate city of $N parcels" >&2
    python3 "$SHARED/bench/gen_city.py" "$CITY" --parcels "$N" >&2
  fi
  RUN=$CACHE/run-$N
  rm -rf "$RUN"; mkdir -p "$RUN"
  echo "== $N parcels: landctl" >&2
  # The peers write no report or workbook: landctl neither, here (--no-report --no-xlsx);
  # the documents are measured on their own below.
  timed "$RUN/landctl.log" "$BIN" classify --zones "$CITY/zones.geojson" --parcels "$CITY/parcels.geojson" \
      --out "$RUN/landctl" --id-field parcel_id --timings --lang en --no-report --no-xlsx
  # The disk's own pace for the same bytes: dd of the output's size to the same folder
  # (no fsync, as landctl writes), against landctl's write phase.
  OUT_BYTES=$(du -sb "$RUN/landctl" | cut -f1)
  sync
  DD_START=$(date +%s.%N)
  dd if=/dev/zero of="$RUN/dd.bin" bs=1M count=$(( (OUT_BYTES + 1048575) / 1048576 )) status=none
  DD_END=$(date +%s.%N)
  rm -f "$RUN/dd.bin"
  echo "out_bytes $OUT_BYTES dd_s $(python3 -c "print($DD_END - $DD_START)")" > "$RUN/dd.log"
  echo "== $N parcels: GeoPandas" >&2
  timed "$RUN/geopandas.log" "$VENV/bin/python" "$SHARED/bench/peers/classify_geopandas.py" \
      "$CITY/zones.geojson" "$CITY/parcels.geojson" "$RUN/geopandas.csv" --area-crs EPSG:4550
  echo "== $N parcels: DuckDB" >&2
  timed "$RUN/duckdb.log" "$VENV/bin/python" "$SHARED/bench/peers/classify_duckdb.py" \
      "$CITY/zones.geojson" "$CITY/parcels.geojson" "$RUN/duckdb.csv" --area-crs EPSG:4550
  echo "== $N parcels: C loop" >&2
  timed "$RUN/limit.log" "$LIMIT" "$CITY/zones.geojson" "$CITY/parcels.geojson" EPSG:4550
  echo "== $N parcels: agreement" >&2
  AGREE=""
  for peer in geopandas duckdb; do
    if "$VENV/bin/python" scripts/compare_classify.py "$RUN/$peer.csv" "$RUN/landctl/parcels.csv" --label "$peer-$N" > "$RUN/compare-$peer.log" 2>&1; then
      AGREE="$AGREE $peer:agree"
    else
      AGREE="$AGREE $peer:DIFFER"
    fi
  done
  "$VENV/bin/python" - "$RUN" "$N" "$AGREE" <<'PY'
import re, sys
run, n, agree = sys.argv[1], sys.argv[2], sys.argv[3]
def read(name):
    text = open(f"{run}/{name}.log", encoding="utf-8").read()
    rss = int(re.search(r"maxrss_kb (\d+)", text).group(1)) / 1024
    wall = float(re.search(r"wall_s ([\d.]+)", text).group(1))
    return text, rss, wall
rows = []
t, rss, wall = read("landctl")
m = re.search(r"timings: (.*)", t).group(1)
phases = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+) s", m))
rows.append(("landctl", f"read {phases['read']:.2f} · zones {phases['zones']:.2f} · parcels {phases['overlay']:.2f} (overlay proper {phases['overlay_cpu']:.2f} CPU) · conflicts {phases['conflicts']:.2f} · write {phases['write']:.2f}", wall, rss))
base = wall
t, rss, wall = read("geopandas")
p = dict(re.findall(r"(\w+)=([\d.]+)s", t))
rows.append(("GeoPandas", f"read {float(p['read']):.2f} · project {float(p['project']):.2f} · overlay {float(p['overlay']):.2f} · write {float(p['write']):.2f}", wall, rss))
t, rss, wall = read("duckdb")
p = dict(re.findall(r"([\w+]+)=([\d.]+)s", t))
rows.append(("DuckDB spatial", f"read+project {float(p['read+project']):.2f} · join+overlay+write {float(p['join+overlay+write']):.2f}", wall, rss))
t, rss, wall = read("limit")
p = dict(re.findall(r"(\w+)=([\d.]+)s", t))
rows.append(("C loop (1 thread)", f"read {float(p['read']):.2f} · project {float(p['project']):.2f} · zones {float(p['zones']):.2f} · overlay {float(p['overlay']):.2f}", wall, rss))
print(f"\n{int(n):,} parcels ({agree.strip()})\n")
dd = dict(re.findall(r"(\w+) ([\d.]+)", open(f"{run}/dd.log").read()))
mb = float(dd["out_bytes"]) / 1e6
print(f"landctl's write phase: {mb:,.0f} MB in {phases['write']:.2f} s = {mb / phases['write']:,.0f} MB/s; "
      f"dd of the same size to the same disk (no fsync): {mb / float(dd['dd_s']):,.0f} MB/s; ratio {float(dd['dd_s']) / phases['write']:.2f}\n")
print("| tool | phases (s) | total s | max RSS MB | ratio to landctl |")
print("|---|---|---:|---:|---:|")
for name, ph, wall, rss in rows:
    print(f"| {name} | {ph} | {wall:.2f} | {rss:.0f} | {wall / base:.2f}× |")
PY
done

# The same parcels as a bureau hands them out: GeoPackage and Shapefile, written by GDAL's
# own ogr2ogr (not by landctl). landctl's read (`info --timings`, median of 3) and its whole
# classify run, against pyogrio's read_dataframe (plain and Arrow) of the same file.
for N in "${SIZES[@]}"; do
  CITY=$CACHE/city-$N
  RUN=$CACHE/run-$N
  [ -f "$CITY/parcels.gpkg" ] || ogr2ogr -f GPKG "$CITY/parcels.gpkg" "$CITY/parcels.geojson"
  [ -f "$CITY/parcels.shp" ] || ogr2ogr -f "ESRI Shapefile" "$CITY/parcels.shp" "$CITY/parcels.geojson" 2>/dev/null
  for FMT in gpkg shp; do
    echo "== $N parcels as $FMT: landctl classify, info; pyogrio" >&2
    timed "$RUN/landctl-$FMT.log" "$BIN" classify --zones "$CITY/zones.geojson" --parcels "$CITY/parcels.$FMT" \
        --out "$RUN/landctl-$FMT" --id-field parcel_id --timings --lang en --no-report --no-xlsx
    for i in 1 2 3; do "$BIN" info --timings "$CITY/parcels.$FMT" 2>> "$RUN/info-$FMT.log" > /dev/null || true; done
    "$VENV/bin/python" - "$CITY/parcels.$FMT" > "$RUN/pyogrio-$FMT.log" <<'PY'
import sys, time, statistics, pyogrio
path = sys.argv[1]
for arrow in (False, True):
    times = []
    for _ in range(3):
        t = time.perf_counter(); df = pyogrio.read_dataframe(path, use_arrow=arrow); times.append(time.perf_counter() - t)
    print(f"{'arrow' if arrow else 'plain'} {statistics.median(times):.3f} {len(df)}")
PY
  done
  "$VENV/bin/python" - "$RUN" "$N" <<'PY'
import re, statistics, sys
run, n = sys.argv[1], int(sys.argv[2])
print(f"\n{n:,} parcels as GeoPackage and Shapefile (made by ogr2ogr)\n")
print("| format | landctl read (s) | pyogrio read_dataframe (s) | pyogrio Arrow (s) | landctl classify total (s) | classify read phase (s) |")
print("|---|---:|---:|---:|---:|---:|")
for fmt, name in (("gpkg", "GeoPackage"), ("shp", "Shapefile")):
    info = open(f"{run}/info-{fmt}.log").read()
    reads = [float(x) for x in re.findall(r"read ([\d.]+) s", info)]
    py = dict((k, float(v)) for k, v, _ in re.findall(r"(plain|arrow) ([\d.]+) (\d+)", open(f"{run}/pyogrio-{fmt}.log").read()))
    log = open(f"{run}/landctl-{fmt}.log").read()
    wall = float(re.search(r"wall_s ([\d.]+)", log).group(1))
    read_phase = float(re.search(r"read ([\d.]+) s", re.search(r"timings: (.*)", log).group(1)).group(1))
    print(f"| {name} | {statistics.median(reads):.2f} | {py['plain']:.2f} | {py['arrow']:.2f} | {wall:.2f} | {read_phase:.2f} |")
PY
  # report.html and results.xlsx: classify with both (the default), their sizes, and the
  # report's time to first map in headless Chromium (the page's own mark after decoding
  # and drawing, and the wall time of opening it), by scripts/report_browser.py.
  echo "== $N parcels: report.html and results.xlsx" >&2
  timed "$RUN/landctl-docs.log" "$BIN" classify --zones "$CITY/zones.geojson" --parcels "$CITY/parcels.geojson" \
      --out "$RUN/landctl-docs" --id-field parcel_id --timings --lang en
  # The same with the libraries landctl's own code replaced (GEOS's simplifier for the map,
  # libxlsxwriter for the workbook): the speed of each way in the same run, and the report
  # must come out the same (the workbook's cells are compared by the tests).
  # Up to 100,000 parcels (the libraries' way takes minutes beyond).
  rm -f "$RUN/landctl-docs-ref.log" "$RUN/docs-ref.cmp"
  if [ "$N" -le 100000 ]; then
    LANDCTL_DOCUMENT_REFERENCE=1 timed "$RUN/landctl-docs-ref.log" "$BIN" classify --zones "$CITY/zones.geojson" --parcels "$CITY/parcels.geojson" \
        --out "$RUN/landctl-docs-ref" --id-field parcel_id --timings --lang en
    cmp -s "$RUN/landctl-docs/report.html" "$RUN/landctl-docs-ref/report.html" \
        && echo same > "$RUN/docs-ref.cmp" || echo DIFFERENT > "$RUN/docs-ref.cmp"
  fi
  CHROMIUM=$(command -v chromium || true)
  if [ -n "$CHROMIUM" ]; then
    printf '{"pages":[{"path":"%s"}]}' "$RUN/landctl-docs/report.html" > "$RUN/browser-job.json"
    start=$(date +%s.%N)
    python3 scripts/report_browser.py "$CHROMIUM" "$RUN/browser-job.json" > "$RUN/browser.json"
    end=$(date +%s.%N)
    echo "$end - $start" | bc > "$RUN/browser.wall"
  fi
  python3 - "$RUN" "$N" <<'PY'
import json, os, re, sys
run, n = sys.argv[1], int(sys.argv[2])
docs = f"{run}/landctl-docs"
with_docs = float(re.search(r"wall_s ([\d.]+)", open(f"{run}/landctl-docs.log").read()).group(1))
without = float(re.search(r"wall_s ([\d.]+)", open(f"{run}/landctl.log").read()).group(1))
print(f"\n{n:,} parcels: report.html and results.xlsx (classify, default outputs)\n")
reference, same = "–", "–"
if os.path.exists(f"{run}/landctl-docs-ref.log"):
    seconds = float(re.search(r"wall_s ([\d.]+)", open(f"{run}/landctl-docs-ref.log").read()).group(1))
    reference = f"{seconds:.2f}"
    same = open(f"{run}/docs-ref.cmp").read().strip()
print("| report.html MB | results.xlsx MB | classify with both (s) | with both by GEOS's simplifier and libxlsxwriter (s) | report.html the same | without (--no-report --no-xlsx) (s) | first map in Chromium (ms, page mark) | open in Chromium, wall (s) |")
print("|---:|---:|---:|---:|---|---:|---:|---:|")
first = wall = "–"
if os.path.exists(f"{run}/browser.json"):
    page = json.load(open(f"{run}/browser.json"))["pages"][0]
    first = f"{page['first_map_ms']:.0f}"
    wall = f"{float(open(f'{run}/browser.wall').read()):.2f}"
    if page["console"] or any(not u.startswith("file:") for u in page["requests"]):
        print("report problems:", page["console"], page["requests"], file=sys.stderr)
print(f"| {os.path.getsize(docs + '/report.html') / 1e6:.1f} | {os.path.getsize(docs + '/results.xlsx') / 1e6:.1f} | {with_docs:.2f} | {reference} | {same} | {without:.2f} | {first} | {wall} |")
PY
done

# The same classify results written to PostGIS as well (--out-db): COPY into typed tables with
# a GiST index, one transaction, beside the files. Needs the private server of
# scripts/postgis.sh (start it first); skipped with a note when it is not running. Run 1
# creates the tables (their indexes built after the rows); runs 2 and 3 replace it
# (--replace: the earlier run's rows deleted, the new ones inserted under the indexes).
if scripts/postgis.sh status >/dev/null 2>&1; then
  eval "$(scripts/postgis.sh env)"
  export PGHOST PGPORT PGDATABASE PGUSER
  for N in "${SIZES[@]}"; do
    CITY=$CACHE/city-$N
    RUN=$CACHE/run-$N
    echo "== $N parcels: landctl classify --out-db (PostGIS)" >&2
    psql -X -q -c "set client_min_messages = warning" -c "drop schema if exists landctl_bench cascade" >/dev/null
    : > "$RUN/postgis.log"
    for i in 1 2 3; do
      rc=0
      "$BIN" classify --zones "$CITY/zones.geojson" --parcels "$CITY/parcels.geojson" --out "$RUN/landctl-db" --id-field parcel_id \
          --timings --lang en --quiet --out-db "PG:dbname=$PGDATABASE" --schema landctl_bench --replace 2>> "$RUN/postgis.log" >/dev/null || rc=$?
      [ $rc -le 1 ] || { echo "classify --out-db failed ($rc)" >&2; cat "$RUN/postgis.log" >&2; exit 2; }
    done
    rows=$(psql -X -A -t -c "select (select count(*) from landctl_bench.landctl_parcels) || ' parcels, ' || (select count(*) from landctl_bench.landctl_conflicts) || ' conflicts'")
    python3 - "$RUN/postgis.log" "$N" "$rows" <<'PY'
import re, sys
log, n, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"\n{n:,} parcels: classify results written to PostGIS (--out-db, {rows} in the tables)\n")
print("| run | write, files and database (s) | database (s) | read · prepare · copy · index · commit (s) |")
print("|---|---:|---:|---|")
for k, line in enumerate(l for l in open(log) if l.startswith("timings:")):
    t = dict((a, float(b)) for a, b in re.findall(r"(\w+) ([\d.]+) s", line))
    db = {p: t.get("db_" + p, 0.0) for p in ("read", "prepare", "copy", "index", "commit")}
    what = "1 (new tables)" if k == 0 else f"{k + 1} (--replace)"
    print(f"| {what} | {t['write']:.2f} | {sum(db.values()):.2f} | " + " · ".join(f"{v:.2f}" for v in db.values()) + " |")
PY
  done
else
  echo "(PostGIS write not measured: no server running; scripts/postgis.sh start, then bench/run.sh again)" >&2
fi

# Every command at one size (default 100,000; LANDCTL_BENCH_COMMANDS=N to change) on the
# city with its extras (buildings, firms, credit codes): seconds, parcels per second and
# peak RSS. The engine alone (--no-report --no-xlsx) runs three times and the table gives
# the median, with the three runs' range beside it: this machine's speed moves by 10-35 %
# between minutes, more than any one change measured here. The default outputs run once.
CN=${LANDCTL_BENCH_COMMANDS:-100000}
XCITY=$CACHE/city-extras-$CN
if [ ! -f "$XCITY/buildings.geojson" ]; then
  echo "== generate city of $CN parcels with extras" >&2
  python3 "$SHARED/bench/gen_city.py" "$XCITY" --parcels "$CN" --extras >&2
fi
XRUN=$CACHE/run-commands-$CN
rm -rf "$XRUN"; mkdir -p "$XRUN"
P=$XCITY/parcels.geojson Z=$XCITY/zones.geojson BLD=$XCITY/buildings.geojson
declare -a NAMES=() 
bench_cmd() { # bench_cmd NAME ARGS... : one timed run of landctl ARGS; a result command
  # (with --out) also three times without its documents (--no-report --no-xlsx), the engine alone
  local name=$1; shift
  echo "== commands at $CN: $name" >&2
  timed "$XRUN/$name.log" "$BIN" "$@"
  case " $* " in
    *" --out "*) for i in 1 2 3; do timed "$XRUN/$name-nodocs-$i.log" "$BIN" "$@" --no-report --no-xlsx; done ;;
  esac
  NAMES+=("$name")
}
bench_cmd info info "$P"
bench_cmd classify classify --parcels "$P" --zones "$Z" --out "$XRUN/classify" --lang en
bench_cmd validate validate --proposals "$P" --zones "$Z" --out "$XRUN/validate" --lang en
bench_cmd idle idle --parcels "$P" --zones "$Z" --buildings "$BLD" --as-of 2026-06-30 --out "$XRUN/idle" --lang en
bench_cmd retrofit retrofit --parcels "$P" --zones "$Z" --buildings "$BLD" --as-of 2026-06-30 --out "$XRUN/retrofit" --lang en
# audit needs 标准地 contract terms: added to the city's parcels by bench/add_contracts.py (cached).
PC=$XCITY/parcels-contracts.geojson
[ -f "$PC" ] || python3 bench/add_contracts.py "$P" "$PC" >&2
bench_cmd audit audit --parcels "$PC" --zones "$Z" --as-of 2026-06-30 --out "$XRUN/audit" --lang en
bench_cmd evaluate evaluate --enterprises "$XCITY/enterprises.csv" --parcels "$P" --zones "$Z" --out "$XRUN/evaluate" --lang en
bench_cmd convert-gpkg convert "$P" "$XRUN/parcels.gpkg"
"$VENV/bin/python" - "$XRUN" "$CN" "${NAMES[@]}" <<'PY'
import re, sys
run, n, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"\nEvery command at {n:,} parcels (gen_city.py --extras: {n:,} parcels, their buildings and firms)\n")
import os
def measure(path):
    text = open(path, encoding="utf-8").read()
    return float(re.search(r"wall_s ([\d.]+)", text).group(1)), int(re.search(r"maxrss_kb (\d+)", text).group(1)) / 1024
print("| command | seconds, without report.html and results.xlsx (median of 3) | three runs | parcels/s | peak RSS MB | seconds, default outputs (with both) | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in names:
    full = measure(f"{run}/{name}.log")
    runs = [measure(f"{run}/{name}-nodocs-{i}.log") for i in (1, 2, 3) if os.path.exists(f"{run}/{name}-nodocs-{i}.log")]
    if runs:
        walls = sorted(w for w, _ in runs)
        median, rss = walls[len(walls) // 2], max(r for _, r in runs)
        print(f"| {name} | {median:.2f} | {walls[0]:.2f}–{walls[-1]:.2f} | {n / median:,.0f} | {rss:.0f} | {full[0]:.2f} | {full[1]:.0f} |")
    else:  # no documents to leave out
        print(f"| {name} | {full[0]:.2f} | — | {n / full[0]:,.0f} | {full[1]:.0f} | — | — |")
PY
