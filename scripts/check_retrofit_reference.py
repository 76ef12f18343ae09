#!/usr/bin/env python3
"""Independent reference for the numbers the idle/retrofit tests assert.

The same rules as `landctl retrofit` and the spatial part of `landctl idle`, written again
with shapely 2 and pyproj (no code shared with LandControl), on the demo district in
shapes/ and on OpenStreetMap's Liechtenstein in ../shared/data/osm-extracts. It prints the
figures that Tests/LandControlTests/RetrofitTests.swift and IdleLandTests.swift hard-code.

    .venv-peers/bin/python scripts/check_retrofit_reference.py      # from the repository root

Zones of the demo parcels come from Tests/Fixtures/demo_reference_geopandas.csv (the
team's GeoPandas overlay). GEOS buffers use 8 segments per quarter circle, as LandControl's
do (shapely's default is 16, which moves pocket areas by a fraction of a square metre).
"""
import csv
import datetime
import json
import os
import re

import numpy as np
import pyproj
import shapely
from shapely import STRtree
from shapely.geometry import shape
from shapely.ops import unary_union

AS_OF = datetime.date(2025, 12, 31)
Q = 8  # quadrant segments
SETBACK = 10  # building setback: GB 50016 表3.4.1, 一、二级耐火 丙类厂房之间 10 m (issue 18)
OPEN_YARDS = ("37", "42", "43")  # GB/T 4754-2017 prefixes whose open land is working land: no pockets


def projector(src, dst):
    t = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    return lambda g: shapely.transform(g, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def pockets(parcel, near):
    free = parcel.buffer(-5, quad_segs=Q)
    if near:
        free = free.difference(unary_union(near).buffer(SETBACK, quad_segs=Q))
    parts = getattr(free, "geoms", [free])
    return sorted((p.area for p in parts if p.area >= 500 and not p.buffer(-9.99, quad_segs=Q).is_empty), reverse=True)


def plus_one_year(d):
    return datetime.date(d.year + 1, 2, 28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year + 1)


def demo():
    proj = projector("EPSG:4490", "EPSG:4550")
    parcels = json.load(open("shapes/parcels.geojson"))["features"]
    buildings = json.load(open("shapes/buildings.geojson"))["features"]
    bg = [proj(shape(f["geometry"])) for f in buildings]
    tree = STRtree(bg)
    ref = {r["parcel_id"]: r for r in csv.DictReader(open("Tests/Fixtures/demo_reference_geopandas.csv"))}
    out = {"standard": [], "ledger": [], "encouraged": []}
    low, site, pocket_areas = [], [], []
    for f in parcels:
        p = f["properties"]
        g = proj(shape(f["geometry"]))
        a = g.area
        r = ref[p["parcel_id"]]
        k = {x: float(r[x + "_m2"]) for x in ["cluster", "transition", "reserve", "redline"]}
        best, best_area = None, a - k["cluster"] - k["transition"] - k["reserve"]
        for x in ["reserve", "transition", "cluster"]:  # ties go to cluster, then transition
            if k[x] >= best_area and k[x] > 0:
                best, best_area = x, k[x]
        # The zone rule of every command: the dominant 三区 kind; the red line is a share.
        zone = best or "outside"
        in_red_line = k["redline"] > 0.5 * a
        use = p["land_use"]
        industrial = bool(re.match(r"^M[123]?", use)) or use.startswith("1001")
        warehouse = use.startswith("W") or use.startswith("1101")
        on = [(i, bg[i].intersection(g).area) for i in tree.query(g)]
        on = [(i, x) for i, x in on if x > 0]
        started = p["actual_start"] is not None and datetime.date.fromisoformat(p["actual_start"]) <= AS_OF
        if (industrial or warehouse) and started and not on:
            if plus_one_year(datetime.date.fromisoformat(p["agreed_start"])) <= AS_OF:
                site.append(p["parcel_id"])
        if not industrial or p["status"] != "existing" or not started:
            continue
        if p["tax_wan"] is not None and p["tax_wan"] / (a * 15 / 10000) < 5:
            low.append((zone, a))
        if zone not in ("cluster", "transition") and not in_red_line:
            continue
        floor = sum(x * (buildings[i]["properties"]["floors"] or 1) * (2 if (buildings[i]["properties"]["storey_height_m"] or 0) > 8 else 1)
                    for i, x in on) if on else p["floor_area_m2"]
        if floor / a < 1.5:
            out["standard"].append((zone, 1.5 * a - floor, in_red_line))
            open_yard = str(p.get("industry") or "").startswith(OPEN_YARDS)
            if (on or p["floor_area_m2"] == 0) and not open_yard:
                pocket_areas += pockets(g, [bg[i] for i in tree.query(g.buffer(SETBACK + 5))])
        if p["floor_area_m2"] / a < 1.5:
            out["ledger"].append((zone, 1.5 * a - p["floor_area_m2"], in_red_line))
        if floor / a < 2.0:
            out["encouraged"].append((zone, 2.0 * a - floor, in_red_line))
    print("demo district, as of", AS_OF)
    for name, c in out.items():
        by_zone = {z: sum(1 for cz, _, _ in c if cz == z) for z in ["cluster", "transition"]}
        red = sum(1 for _, _, r in c if r)
        print(f"  {name:10s} candidates {len(c)}, added {sum(x for _, x, _ in c):,.1f} m², by zone {by_zone}, of which in the red line {red}")
    print(f"  low efficiency {len(low)} parcels, {sum(x for _, x in low) * 15 / 10000:,.2f} mu")
    print(f"  pockets {len(pocket_areas)}, {sum(pocket_areas):,.2f} m²")
    print(f"  idle site checks (no_buildings_found) {len(site)}, first {site[:3]}")


def liechtenstein():
    base = "../shared/data/osm-extracts/liechtenstein-2013-08-03_"
    if not os.path.exists(base + "landuse.geojson"):
        print("Liechtenstein: ../shared/data/osm-extracts is not there, skipped")
        return
    proj = projector("EPSG:4326", "EPSG:32632")
    parcels = json.load(open(base + "landuse.geojson"))["features"]
    bg = [proj(shape(f["geometry"])) for f in json.load(open(base + "building.geojson"))["features"]]
    tree = STRtree(bg)
    added, found = 0.0, []
    for f in parcels:
        if f["properties"].get("landuse") != "industrial":
            continue
        g = proj(shape(f["geometry"]))
        floor = sum(bg[i].intersection(g).area for i in tree.query(g))  # one storey each
        if floor / g.area < 1.5:
            added += 1.5 * g.area - floor
            found += pockets(g, [bg[i] for i in tree.query(g.buffer(11))])
    print(f"Liechtenstein (EPSG:32632): added {added:,.1f} m², pockets {len(found)}, {sum(found):,.1f} m²")


if __name__ == "__main__":
    demo()
    liechtenstein()
