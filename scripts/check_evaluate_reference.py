#!/usr/bin/env python3
"""Recomputes `landctl evaluate`'s scores, ranks and classes on the demo from the firm table
and the land landctl measured (parcels.csv area_mu summed per credit code; the demo's firms
do not overlap), with the default rules and nothing of LandControl's code, and compares them
with enterprises.csv. Standard library only.

  landctl evaluate --enterprises shapes/enterprises.csv --parcels shapes/parcels.geojson \
      --zones shapes/zones.geojson --id-field parcel_id --out out/evaluate --lang en
  python3 scripts/check_evaluate_reference.py shapes/enterprises.csv out/evaluate
"""
import csv, sys
from collections import defaultdict

table, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(table, encoding="utf-8-sig")))
land = defaultdict(float)
for p in csv.DictReader(open(out + "/parcels.csv", encoding="utf-8-sig")):
    if p["credit_code"] and p["area_mu"]:
        land[p["credit_code"]] += float(p["area_mu"])
got = {r["credit_code"]: r for r in csv.DictReader(open(out + "/enterprises.csv", encoding="utf-8-sig"))}

def num(v):
    return float(v) if v not in ("", None) else None

INDICATORS = {"above": [("tax_per_mu", "tax_wan", "land", 30), ("value_added_per_mu", "value_added_wan", "land", 20),
                        ("value_added_per_energy", "value_added_wan", "energy_tce", 20),
                        ("value_added_per_emission", "value_added_wan", "emission_t", 10),
                        ("labour_productivity", "value_added_wan", "employees", 10), ("rnd_share", "rnd_wan", "revenue_wan", 10)],
              "below": [("tax_per_mu", "tax_wan", "land", 50), ("tax_per_electricity", "tax_wan", "electricity_10k_kwh", 50)]}
firms = []
for r in rows:
    g = "above" if r["group"] == "规上" else "below"
    mu = land.get(r["credit_code"]) or num(r["declared_land_mu"])
    if not mu or mu < {"above": 0, "below": 3}[g]:
        continue
    f = {k: num(v) for k, v in r.items() if k not in ("credit_code", "name", "group", "exempt", "industry_code")}
    f["land"] = mu
    firms.append((r["credit_code"], g, bool(r["exempt"]), f))
total, classes = {}, {}
for g, inds in INDICATORS.items():
    members = [x for x in firms if x[1] == g]
    tot = defaultdict(float)
    for name, n, d, w in inds:
        have = [x for x in members if x[3][n] is not None and x[3][d]]
        b = sum(x[3][n] for x in have) / sum(x[3][d] for x in have)
        sc = {x[0]: w * min(x[3][n] / x[3][d] / b, 3) for x in have}
        mean = sum(sc.values()) / len(sc)
        for x in members:
            tot[x[0]] += sc.get(x[0], mean)
    ranked = sorted((x for x in members if not x[2]), key=lambda x: (-tot[x[0]], -(x[3]["tax_wan"] / x[3]["land"]), x[0]))
    for k, x in enumerate(ranked):
        s = (k + 1) / len(ranked)
        classes[x[0]] = "A" if s <= 0.25 else "B" if s <= 0.70 else "C" if s <= 0.95 else "D"
    total.update(tot)
bad = 0
for code, t in total.items():
    g = got[code]
    if abs(float(g["total"]) - t) > 1e-3 or g["class"] != classes.get(code, "—"):
        bad += 1
        print("differs:", code, g["total"], g["class"], t, classes.get(code))
counts = defaultdict(int)
for c in classes.values():
    counts[c] += 1
print(f"{len(total)} firms rated, classes " + ", ".join(f"{c} {counts[c]}" for c in "ABCD") + f"; {bad} differ")
sys.exit(1 if bad else 0)
