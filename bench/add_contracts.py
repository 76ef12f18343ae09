#!/usr/bin/env python3
"""Adds 标准地 contract terms (landctl audit, issue 14) to a gen_city.py parcel layer, for the
benchmark: every granted industrial parcel gets completion and production due dates, promised
investment intensity, tax per 亩 and FAR, a contract industry, a land price, and the actual
completion and production dates. Deterministic (fixed seed); standard library only.

  python3 bench/add_contracts.py IN.geojson OUT.geojson
"""
import json
import random
import sys


def add_months(date, months):
    y, m, d = map(int, date.split("-"))
    m += months
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}-{min(d, 28):02d}"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    rng = random.Random(14)
    industries = ["C1361", "C2614", "C2922", "C3021", "C3311", "C3443", "C3512", "C3670", "C3731", "C3831", "C3982", "C2511"]
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            body = line.rstrip("\n")
            lead = ""
            if body.startswith(","):
                lead, body = ",", body[1:]
            if not body.startswith('{"type": "Feature"'):
                out.write(line)
                continue
            feature = json.loads(body)
            p = feature["properties"]
            if p.get("status") == "existing" and p.get("grant_date") and p.get("agreed_start") and str(p.get("land_use", "")).startswith("M"):
                mu = (p.get("area_declared_m2") or 10000) / (10000 / 15)
                p["completion_due"] = add_months(p["agreed_start"], 18)
                p["production_due"] = add_months(p["completion_due"], 6)
                if p.get("actual_start"):
                    p["actual_completion"] = add_months(p["actual_start"], 18 + rng.choice([-2, -1, 0, 0, 1, 3]))
                    p["actual_production"] = add_months(p["actual_completion"], rng.choice([3, 4, 6, 9]))
                inv, tax, floor = p.get("investment_wan") or 0, p.get("tax_wan") or 0, p.get("floor_area_m2") or 0
                p["promised_investment_per_mu"] = round(max(inv / mu * rng.uniform(0.8, 1.2), 100), 1)
                p["promised_tax_per_mu"] = round(max(tax / mu * rng.uniform(0.7, 1.4), 5), 1)
                p["promised_far"] = round(max(floor / (p.get("area_declared_m2") or 10000) * rng.uniform(0.8, 1.2), 0.8), 1)
                p["contract_industry"] = rng.choice(industries)
                p["industry_code"] = p["contract_industry"] if rng.random() < 0.95 else rng.choice(industries)
                p["land_price_wan"] = round(mu * rng.uniform(25, 45), 1)
            out.write(lead + json.dumps(feature, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
