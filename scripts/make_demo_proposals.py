#!/usr/bin/env python3
"""Writes shapes/proposals.geojson: the demo district's land-grant proposals (标准地) for
`landctl validate`, and shapes/rules-zhoushan.yaml, the demo city's rules file.

The proposals are the industrial plots of shapes/parcels.geojson whose status is proposed
or 拟出让 (their geometry copied), plus three drawn here: ZS-N01 (drawn over ZS-P0148 and its
neighbours, 30 m east: it overlaps a proposal and existing grants), ZS-N02 (a bow-tie,
corners digitised out of order, in a strip where no parcel lies) and ZS-N03 (a clean plot in
the same strip, where cluster ZS-Z01 and transition ZS-Z03 overlap). The intended outcomes
are those of `landctl validate` with shapes/constraints.geojson (--constraints), as
scripts/demo.sh runs it. Each carries 标准地 figures chosen so that a few pass and a
few fail each check; the intended outcome is in the property `demo_expect`.

  python3 scripts/make_demo_proposals.py      # after scripts/make_demo.py
Standard library only; deterministic.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = os.path.join(HERE, "..", "shapes")
M_PER_DEG_LON, M_PER_DEG_LAT = 96490.0, 110900.0   # make_demo.py's flat projection

# Figures per proposal: BASE (all pass) with the PLAN's changes. inv and tax are per 亩,
# va_per_mu is value added per 亩, va_per_tce / va_per_t value added per tonne of coal
# equivalent / of emissions, area the declared-area factor, expect the intended outcome.
BASE = dict(industry="34", far=1.8, coverage=0.48, admin=0.05, green=0.10, inv=380.0, tax=32.0,
            va_per_mu=60.0, va_per_tce=8.0, va_per_t=50.0, rnd=0.035, area=1.0)
PLAN = {
    "ZS-P0036": dict(expect="approve"),
    "ZS-P0037": dict(industry="38", far=2.2, expect="approve"),
    "ZS-P0127": dict(industry="37", far=1.2, expect="reject: far_min (1.20 < 1.50)"),
    "ZS-P0148": dict(coverage=0.35, expect="reject: coverage (35 % < 40 %), overlap_proposals (ZS-N01 is drawn over it)"),
    "ZS-P0162": dict(admin=0.09, green=0.18, expect="reject: admin_share, green_ratio"),
    "ZS-P0173": dict(inv=250.0, va_per_t=12.0, expect="reject: investment_intensity (250 < 300), emission_value_added (12 < 20, demo rules)"),
    "ZS-P0194": dict(tax=18.0, expect="reject: tax_per_mu (18 < 25); the red line inside the cluster is fine"),
    "ZS-P0201": dict(far=None, expect="review: far_min missing"),
    "ZS-P0207": dict(industry="25", area=1.02, allowed="33;34;35;38;39", expect="reject: area_declared (+2 %), industry 25 not admitted"),
    "ZS-P0251": dict(va_per_tce=2.0, rnd=0.01, expect="reject (demo rules): energy_value_added (2 < 3), rnd_share (1 % < 2 %)"),
    "ZS-P0091": dict(expect="reject: overlap_existing (drawn over ZS-P0089)"),
    "ZS-P0137": dict(expect="reject: zone (transition)"),
    "ZS-P0187": dict(industry="13", far=1.6, expect="reject: zone (outside every zone), constraints (on 永久基本农田 JBNT-02, outside the 城镇开发边界)"),
    "ZS-P0247": dict(expect="reject: constraints (on 生态保护红线 STBHHX-01, outside the 城镇开发边界); zone for review (reserve: needs a plan adjustment)"),
}


def lonlat_shift(ring, dx):
    return [[round(x + dx / M_PER_DEG_LON, 7), y] for x, y in ring]


def figures(pid, site_m2, spec):
    p = dict(BASE, **spec)
    mu = site_m2 * 15 / 10000
    props = {"id": pid, "industry_code": p["industry"], "site_area_m2": round(site_m2 * p["area"], 1)}
    if p["far"] is not None:
        props["floor_area_m2"] = round(p["far"] * site_m2, 1)
    props["footprint_m2"] = round(p["coverage"] * site_m2, 1)
    props["admin_area_m2"] = round(p["admin"] * site_m2, 1)
    props["green_ratio"] = p["green"]
    props["investment_wan"] = round(p["inv"] * mu, 1)
    props["tax_wan"] = round(p["tax"] * mu, 1)
    props["value_added_wan"] = round(p["va_per_mu"] * mu, 1)
    props["energy_tce"] = round(p["va_per_mu"] * mu / p["va_per_tce"], 1)
    props["emission_t"] = round(p["va_per_mu"] * mu / p["va_per_t"], 2)
    props["rnd_share"] = p["rnd"]
    if "allowed" in p:
        props["allowed_industries"] = p["allowed"]
    props["demo_expect"] = p["expect"]
    return props


def main():
    parcels = json.load(open(os.path.join(SHAPES, "parcels.geojson"), encoding="utf-8"))
    by_id = {f["properties"]["parcel_id"]: f for f in parcels["features"]}
    features = []
    for pid, spec in PLAN.items():
        f = by_id[pid]
        assert f["properties"]["status"] in ("proposed", "拟出让"), pid
        site = f["properties"]["site_area_m2"]
        props = figures(pid, site, spec)
        props["company"] = f["properties"].get("company")
        features.append({"type": "Feature", "id": pid, "properties": props, "geometry": f["geometry"]})
    # ZS-N01: ZS-P0148 drawn again 30 m further east.
    src = by_id["ZS-P0148"]
    ring = lonlat_shift(src["geometry"]["coordinates"][0], 30.0)
    props = figures("ZS-N01", src["properties"]["site_area_m2"], dict(expect="reject: overlap_proposals (ZS-P0148), overlap_existing"))
    features.append({"type": "Feature", "id": "ZS-N01", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    # ZS-N02: a small plot in the roadside green belt on the west edge of block (4,4), where
    # cluster ZS-Z01 and transition ZS-Z03 overlap and no parcel lies; its corners were
    # digitised out of order (a bow-tie), so its geometry needs repair (review).
    def ll(x, y):
        return [round(122.1 + (x - 1450) / M_PER_DEG_LON, 7), round(30.0 + (y - 980) / M_PER_DEG_LAT, 7)]
    bow = [ll(1190, 1020), ll(1230, 1180), ll(1230, 1020), ll(1190, 1180), ll(1190, 1020)]
    props = figures("ZS-N02", 3200.0, dict(expect="review: geometry (bow-tie, repaired), zone (where cluster ZS-Z01 and transition ZS-Z03 overlap)"))
    features.append({"type": "Feature", "id": "ZS-N02", "properties": props, "geometry": {"type": "Polygon", "coordinates": [bow]}})
    # ZS-N03: a valid 50 m × 22 m plot at the north end of the same strip: every figure passes,
    # only the zoning is in question (cluster 100 %, transition 100 %).
    box = [ll(1182, 1184), ll(1232, 1184), ll(1232, 1206), ll(1182, 1206), ll(1182, 1184)]
    props = figures("ZS-N03", 1100.0, dict(expect="review: zone (where cluster ZS-Z01 and transition ZS-Z03 overlap)"))
    features.append({"type": "Feature", "id": "ZS-N03", "properties": props, "geometry": {"type": "Polygon", "coordinates": [box]}})

    out = {"type": "FeatureCollection", "name": "proposals",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}, "features": []}
    with open(os.path.join(SHAPES, "proposals.geojson"), "w", encoding="utf-8") as fh:
        head = json.dumps({k: v for k, v in out.items() if k != "features"}, ensure_ascii=False)[:-1]
        fh.write(head + ', "features": [\n')
        fh.write(",\n".join(json.dumps(f, ensure_ascii=False) for f in features))
        fh.write("\n]}\n")
    with open(os.path.join(SHAPES, "rules-zhoushan.yaml"), "w", encoding="utf-8") as fh:
        fh.write("""# The demo city's rules: the defaults (landctl rules --print-defaults) plus the 标准地
# energy, emission and R&D conditions this district writes into its grant agreements.
grant:
  standards:
    default: {investment_per_mu_wan: 300, tax_per_mu_wan: 25, energy_value_added_min: 3.0, emission_value_added_min: 20, rnd_share_min: 0.02}
""")
    print(f"proposals.geojson  {len(features)} proposals; rules-zhoushan.yaml")


if __name__ == "__main__":
    main()
