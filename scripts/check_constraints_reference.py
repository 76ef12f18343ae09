#!/usr/bin/env python3
"""Independent reference for the 三区三线 figures of issue 18 (SPATIAL_PLAN_CONFLICT in
`landctl classify`, the `constraints` check of `landctl validate`) on the demo district.

The same rule written again with shapely 2 and pyproj (no code shared with LandControl):
a parcel or proposal breaks a line when its area on 永久基本农田 or 生态保护红线, or outside the
城镇开发边界, exceeds both 1 % of its area and 10 m² (the sliver tolerance). Areas in EPSG:4550.

    .venv-peers/bin/python scripts/check_constraints_reference.py      # from the repository root
"""
import json

import numpy as np
import pyproj
import shapely
from shapely.geometry import shape
from shapely.ops import unary_union

t = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4550", always_xy=True)


def proj(g):
    return shapely.transform(g, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def load(path):
    return json.load(open(path, encoding="utf-8"))["features"]


lines = {}
for f in load("shapes/constraints.geojson"):
    lines.setdefault(f["properties"]["三区三线"], []).append((f["properties"]["id"], proj(shape(f["geometry"]))))
farm = unary_union([g for _, g in lines["永久基本农田"]])
eco = unary_union([g for _, g in lines["生态保护红线"]])
udb = unary_union([g for _, g in lines["城镇开发边界"]])


def findings(g):
    a = g.area
    out = []
    for name, layer in [("永久基本农田", farm), ("生态保护红线", eco)]:
        x = g.intersection(layer).area
        if x > 10 and x > 0.01 * a:
            ids = [i for i, h in lines[name] if g.intersection(h).area > 1e-4]
            out.append(f"{name} {'+'.join(ids)} {x:,.1f} m²")
    x = g.difference(udb).area
    if x > 10 and x > 0.01 * a:
        out.append(f"outside 城镇开发边界 {x:,.1f} m²")
    return out


for path, key in [("shapes/parcels.geojson", "parcel_id"), ("shapes/proposals.geojson", "id")]:
    print(path)
    for f in load(path):
        found = findings(proj(shape(f["geometry"])).buffer(0))
        if found:
            print(f"  {f['properties'][key]} ({f['properties'].get('status', 'proposal')}): " + "; ".join(found))
