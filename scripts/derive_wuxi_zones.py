#!/usr/bin/env python3
"""Derive a realistic, deliberately messy 三区一线 zone layer from the Xinwu (Wuxi)
EULUC-China parcels, for comparing `landctl classify` with the GeoPandas peer.

  derive_wuxi_zones.py IN_PARCELS.geojson OUT_DIR [--valid-only]

Writes
  OUT_DIR/zones.geojson    EPSG:4326 lon/lat (RFC 7946), properties zone_id, zone, zone_name
  OUT_DIR/parcels.geojson  the input parcels unchanged, with `parcel_id` ("WX0001", ... in
                           input order) added in front of their own properties
and prints the zone statistics (features, parts, holes, invalid, area per kind).

The parcel data's licence is unclear: OUT_DIR must be a temporary/work folder, never
inside the repository (the script refuses a folder inside a git work tree).

All geometry work is done in EPSG:4549 (CGCS2000 3-degree GK, CM 120E), from the
EULUC `Class` codes (3 industrial, 1 business, 2 commercial, 10 park/green):
  cluster    union of industrial parcels, buffered +60 m then -40 m (closes gaps,
             keeps holes), cut along a 4 km grid into one MultiPolygon per cell;
             components under 5 ha go to one "scattered" feature with many parts;
             one cluster part is digitised twice (shifted 15 m) as its own feature.
  transition a 150 m band around the cluster plus business/commercial parcels
             within 400 m of it buffered 50 m, minus the cluster shrunk by 2 m (so
             thin cross-kind slivers remain); cut along the grid with cells grown
             by 120 m, so neighbouring transition features overlap on purpose.
  reserve    park/green parcels within 400 m of the cluster, minus cluster and
             transition, cut along the grid; plus one bow-tie (self-intersecting
             ring) reserve feature with 300 m lobes, placed where it crosses the
             most parcels, unless --valid-only.
  redline    industrial parcels of >= 0.5 ha, each buffered -5 m (every 25th one
             +35 m instead, so it pokes out of the cluster), split into a west and an
             east feature at the median x, each a MultiPolygon with 100+ parts;
             the parcels next to the split line are in both (same-kind overlap).
Coordinates are snapped to a 1e-9 degree grid (shapely.set_precision, which keeps
the polygons valid) and written with 9 decimals. Deterministic.
Needs shapely>=2.1 and pyproj (the .venv-peers of scripts/compare_with_geopandas.sh).
"""
import argparse, json, math, os, subprocess, sys
from collections import Counter, defaultdict

import numpy as np
import shapely
import shapely.affinity, shapely.prepared
from shapely.geometry import shape, Polygon, MultiPolygon, box
from pyproj import Transformer

AREA_CRS = "EPSG:4549"
GRID = 4_000.0            # metres, cells for cutting zones into features
NAMES = {"cluster": "工业集聚区", "transition": "过渡控制区", "reserve": "产业留白区", "redline": "工业用地保护红线"}
GRID_DEG = 1e-9


def project(geoms, tr):
    def f(c):
        x, y = tr.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(np.asarray(geoms, dtype=object), f)


def polys(g):
    """Polygonal parts of g (drops points/lines that overlays may leave), as a list."""
    out = []
    for p in shapely.get_parts(g):
        if isinstance(p, Polygon):
            if not p.is_empty and p.area > 0:
                out.append(p)
        elif p.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(polys(p))
    return out


def multi(parts):
    parts = [p for p in parts if p.area > 1.0]          # drop sub-m² crumbs
    if not parts:
        return None
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def sort_key(p):
    c = p.representative_point()
    return (round(c.x, 1), round(c.y, 1))


def grid_cut(geom, bounds, grow=0.0):
    """Cut geom along the GRID into {(i, j): geometry}; cells grown by `grow` metres overlap."""
    x0, y0, x1, y1 = bounds
    out = {}
    for i in range(int(math.ceil((x1 - x0) / GRID))):
        for j in range(int(math.ceil((y1 - y0) / GRID))):
            cell = box(x0 + i * GRID - grow, y0 + j * GRID - grow,
                       x0 + (i + 1) * GRID + grow, y0 + (j + 1) * GRID + grow)
            piece = multi(sorted(polys(shapely.intersection(geom, cell)), key=sort_key))
            if piece is not None:
                out[(i, j)] = piece
    return out


def bowtie(cx, cy, r):
    """A self-intersecting ring (figure eight): the two lobes meet at (cx, cy)."""
    return Polygon([(cx - r, cy - r * 0.6), (cx + r, cy + r * 0.6), (cx + r, cy - r * 0.6),
                    (cx - r, cy + r * 0.6), (cx - r, cy - r * 0.6)])


def fmt_ring(coords):
    return "[" + ",".join(f"[{x:.9f},{y:.9f}]" for x, y in coords) + "]"


def geom_json(g):
    if isinstance(g, Polygon):
        rings = [g.exterior] + list(g.interiors)
        return '{"type":"Polygon","coordinates":[' + ",".join(fmt_ring(r.coords) for r in rings) + "]}"
    parts = []
    for p in g.geoms:
        rings = [p.exterior] + list(p.interiors)
        parts.append("[" + ",".join(fmt_ring(r.coords) for r in rings) + "]")
    return '{"type":"MultiPolygon","coordinates":[' + ",".join(parts) + "]}"


def inside_git_worktree(path):
    try:
        r = subprocess.run(["git", "-C", path, "rev-parse", "--is-inside-work-tree"],
                           capture_output=True, text=True)
        return r.returncode == 0 and r.stdout.strip() == "true"
    except FileNotFoundError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parcels", help="xinwu_land_use_wgs84.geojson (EPSG:4326, property Class)")
    ap.add_argument("outdir")
    ap.add_argument("--valid-only", action="store_true", help="leave out the self-intersecting reserve feature")
    ap.add_argument("--allow-repo", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()

    probe = os.path.abspath(a.outdir)
    while not os.path.isdir(probe):                       # nearest existing ancestor
        probe = os.path.dirname(probe)
    if inside_git_worktree(probe) and not a.allow_repo:
        sys.exit(f"derive_wuxi_zones: {a.outdir} is inside a git work tree; the Wuxi data's licence is "
                 "unclear, write derived files to a temporary folder instead")
    os.makedirs(a.outdir, exist_ok=True)

    with open(a.parcels, encoding="utf-8") as f:
        src = json.load(f)
    feats = src["features"]
    to_m = Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)
    to_ll = Transformer.from_crs(AREA_CRS, "EPSG:4326", always_xy=True)

    geoms = project([shape(ft["geometry"]) for ft in feats], to_m)
    geoms = shapely.make_valid(geoms)
    cls = np.array([ft["properties"].get("Class", -1) for ft in feats])
    ind, biz, green = geoms[cls == 3], geoms[np.isin(cls, [1, 2])], geoms[cls == 10]
    print(f"input: {len(feats)} parcels, {len(ind)} industrial, {len(biz)} business/commercial, "
          f"{len(green)} park/green")
    bounds = shapely.total_bounds(geoms)
    bounds = (math.floor(bounds[0] / 1000) * 1000, math.floor(bounds[1] / 1000) * 1000, bounds[2], bounds[3])

    # --- cluster
    cluster = shapely.union_all(ind).buffer(60).buffer(-40)
    cparts = sorted(polys(cluster), key=sort_key)
    big = multi([p for p in cparts if p.area >= 50_000])
    small = [p for p in cparts if p.area < 50_000]
    zones = []                                       # (kind, geometry in EPSG:4549)
    for _, g in sorted(grid_cut(big, bounds).items()):
        zones.append(("cluster", g))
    if small:
        zones.append(("cluster", multi(small)))
    # a part digitised twice: the largest part of a middle-sized cluster feature, shifted 15 m
    mid = sorted((g for k, g in zones if k == "cluster"), key=lambda g: g.area)[len(zones) // 2]
    dup = max(polys(mid), key=lambda p: p.area)
    zones.append(("cluster", shapely.affinity.translate(dup, 15.0, -10.0)))

    # --- transition
    cl_d = shapely.prepared.prep(cluster.buffer(400))
    near_biz = [g for g in biz if cl_d.intersects(g)]
    band = shapely.difference(cluster.buffer(150), cluster)
    trans = shapely.union_all([band] + [g.buffer(50) for g in near_biz])
    trans = shapely.difference(trans, cluster.buffer(-2))
    for _, g in sorted(grid_cut(trans, bounds, grow=120.0).items()):
        zones.append(("transition", g))

    # --- reserve
    near_green = [g for g in green if cl_d.intersects(g)]
    reserve = shapely.intersection(shapely.union_all(near_green), cluster.buffer(400))
    reserve = shapely.difference(shapely.difference(reserve, cluster), trans)
    reserve = reserve.buffer(-3).buffer(3)            # drop slivers, as a digitiser would
    for _, g in sorted(grid_cut(reserve, bounds).items()):
        zones.append(("reserve", g))
    if not a.valid_only:
        # where it touches the most parcels, so that how it is repaired shows in many rows:
        # centred on the green parcel near the cluster with the most parcels within 300 m
        tree = shapely.STRtree(geoms)
        pts = [g.representative_point() for g in near_green]
        counts = [len(tree.query(p.buffer(300.0), predicate="intersects")) for p in pts]
        c = pts[int(np.argmax(counts))]
        zones.append(("reserve", bowtie(c.x, c.y, 300.0)))

    # --- redline
    rl = []
    for k, g in enumerate(sorted((g for g in ind if g.area >= 5_000), key=sort_key)):
        rl.append(g.buffer(35.0 if k % 25 == 12 else -5.0))
    xs = np.array([g.centroid.x for g in rl])
    xmed = float(np.median(xs))
    west = [g for g, x in zip(rl, xs) if x <= xmed + 300]
    east = [g for g, x in zip(rl, xs) if x > xmed - 300]
    for side in (west, east):
        parts = []
        for g in side:
            parts.extend(polys(g))
        # union of each side: parts of neighbouring parcels that touch merge
        zones.append(("redline", multi(sorted(polys(shapely.union_all(parts)), key=sort_key))))

    zones = [(k, g) for k, g in zones if g is not None]
    # --- to lon/lat, snapped to the 1e-9 degree grid (valid ones stay valid), CCW shells
    out = []
    for n, (kind, g) in enumerate(zones, 1):
        ll = project([g], to_ll)[0]
        if shapely.is_valid(g):
            ll = shapely.set_precision(ll, GRID_DEG)
            ll = shapely.orient_polygons(ll)
            if ll.is_empty:
                continue
            if ll.geom_type == "GeometryCollection":
                ll = multi(polys(ll))
        out.append((f"WZ{n:04d}", kind, ll))

    path = os.path.join(a.outdir, "zones.geojson")
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for k, (zid, kind, g) in enumerate(out):
            props = json.dumps({"zone_id": zid, "zone": kind, "zone_name": NAMES[kind]}, ensure_ascii=False)
            f.write(("," if k else "") + '{"type":"Feature","properties":' + props + ',"geometry":' + geom_json(g) + "}\n")
        f.write("]}\n")

    # --- parcels with parcel_id, everything else untouched
    width = max(4, len(str(len(feats))))
    for i, ft in enumerate(feats, 1):
        ft["properties"] = {"parcel_id": f"WX{i:0{width}d}", **ft["properties"]}
    with open(os.path.join(a.outdir, "parcels.geojson"), "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i, ft in enumerate(feats):
            f.write(("," if i else "") + json.dumps(ft, ensure_ascii=False, separators=(",", ":")) + "\n")
        f.write("]}\n")

    # --- statistics, read back from the written file
    with open(path, encoding="utf-8") as f:
        back = json.load(f)["features"]
    gs = np.array([shape(ft["geometry"]) for ft in back], dtype=object)
    kinds = [ft["properties"]["zone"] for ft in back]
    valid = shapely.is_valid(gs)
    gm = shapely.make_valid(project(gs, to_m))
    st = defaultdict(Counter)
    for kind, g, v, m in zip(kinds, gs, valid, gm):
        s = st[kind]
        s["features"] += 1
        s["parts"] += shapely.get_num_geometries(g)
        s["max_parts"] = max(s["max_parts"], shapely.get_num_geometries(g))
        s["holes"] += sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(g))
        s["vertices"] += shapely.get_num_coordinates(g)
        s["invalid"] += int(not v)
        s["area_m2"] += m.area
    print(f"{'zone':<11} {'features':>8} {'parts':>6} {'max parts':>9} {'holes':>6} {'vertices':>9} {'invalid':>7} "
          f"{'area km2 (sum)':>14} {'area km2 (dissolved)':>20}")
    for kind in ["cluster", "transition", "reserve", "redline"]:
        s = st[kind]
        diss = shapely.union_all([m for k, m in zip(kinds, gm) if k == kind]).area
        print(f"{kind:<11} {s['features']:>8} {s['parts']:>6} {s['max_parts']:>9} {s['holes']:>6} {s['vertices']:>9} "
              f"{s['invalid']:>7} {s['area_m2'] / 1e6:>14.3f} {diss / 1e6:>20.3f}")
    bad = [(ft["properties"]["zone_id"], shapely.is_valid_reason(g)) for ft, g, v in zip(back, gs, valid) if not v]
    for zid, why in bad:
        print(f"invalid on purpose: {zid}: {why}")
    print(f"wrote {len(out)} zones -> {path}; {len(feats)} parcels -> {os.path.join(a.outdir, 'parcels.geojson')}")


if __name__ == "__main__":
    main()
