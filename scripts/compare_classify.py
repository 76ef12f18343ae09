#!/usr/bin/env python3
"""Compare `landctl classify` per-parcel areas with a reference CSV (the GeoPandas peer).

  compare_classify.py REFERENCE.csv LANDCTL_DIR/parcels.csv [--id parcel_id]
                      [--landctl-id id] [--summary-json FILE] [--show 10]

REFERENCE.csv: columns <id>, area_m2, cluster_m2, transition_m2, reserve_m2, redline_m2
(what bench/peers/classify_geopandas.py writes). landctl's parcels.csv: UTF-8 with a BOM,
CRLF, columns id, status, area_m2, ..., then the parcel's own attributes (which may repeat
names such as area_m2 or status: the first column of a name is landctl's own).

Parcels are joined by id. For each of area_m2, cluster_m2, transition_m2, reserve_m2 and
redline_m2 the tolerance is max(0.5 m², 0.01 % of the reference area_m2 of the parcel).
The relative differences printed are |difference| / the parcel's reference area_m2 (the
same scale as the tolerance), so a 1 m² miss on a 1 ha parcel is 1e-4.
Parcels that landctl reports as status error or no_geometry are listed apart: they are
not failures when the reference has (within tolerance) zero area for them too.

Exit status: 0 all parcels within tolerance and none missing on either side; 1 otherwise;
2 unreadable input.
"""
import argparse, csv, json, math, sys

COLUMNS = ["area_m2", "cluster_m2", "transition_m2", "reserve_m2", "redline_m2"]
ABS_TOL, REL_TOL = 0.5, 1e-4
NO_AREA_STATUSES = {"error", "no_geometry"}


def die(msg):
    print(f"compare_classify: {msg}", file=sys.stderr)
    sys.exit(2)


def num(s):
    s = (s or "").strip()
    if s == "":
        return math.nan
    try:
        return float(s)
    except ValueError:
        return math.nan


def read_table(path, id_col, cols, extra=()):
    """{id: {col: value}} using the first column of each name; duplicate ids are reported."""
    try:
        f = open(path, encoding="utf-8-sig", newline="")     # utf-8-sig drops a BOM if there is one
    except OSError as e:
        die(f"cannot read {path}: {e}")
    with f:
        rd = csv.reader(f)
        try:
            header = next(rd)
        except StopIteration:
            die(f"{path} is empty")
        header = [h.strip() for h in header]
        idx = {}
        for k, h in enumerate(header):
            idx.setdefault(h, k)                               # first occurrence wins
        missing = [c for c in [id_col, *cols, *extra] if c not in idx]
        if missing:
            die(f"{path}: no column(s) {', '.join(missing)}; header is {header[:16]}")
        rows, dups = {}, []
        for line, r in enumerate(rd, 2):
            if not r or all(not x.strip() for x in r):
                continue
            if len(r) < len(header):
                r = r + [""] * (len(header) - len(r))
            pid = r[idx[id_col]].strip()
            rec = {c: num(r[idx[c]]) for c in cols}
            for c in extra:
                rec[c] = r[idx[c]].strip()
            if pid in rows:
                dups.append(pid)
            rows[pid] = rec
    return rows, dups


def fmt_ids(ids, n=10):
    ids = list(ids)
    return ", ".join(ids[:n]) + (f", ... ({len(ids) - n} more)" if len(ids) > n else "")


def main():
    ap = argparse.ArgumentParser(description="Compare landctl classify areas with a reference CSV.")
    ap.add_argument("reference")
    ap.add_argument("landctl")
    ap.add_argument("--id", default="parcel_id", help="id column of the reference (default parcel_id)")
    ap.add_argument("--landctl-id", default="id", help="id column of landctl's parcels.csv (default id)")
    ap.add_argument("--summary-json", help="also write the summary as JSON to this file")
    ap.add_argument("--show", type=int, default=10, help="how many worst parcels to list (default 10)")
    ap.add_argument("--label", default="", help="name printed in the heading")
    a = ap.parse_args()

    ref, ref_dups = read_table(a.reference, a.id, COLUMNS)
    got, got_dups = read_table(a.landctl, a.landctl_id, COLUMNS, extra=("status",))

    only_ref = [k for k in ref if k not in got]
    only_got = [k for k in got if k not in ref]
    common = [k for k in ref if k in got]

    stats = {c: {"max_abs": 0.0, "max_abs_id": None, "max_rel": 0.0, "max_rel_id": None, "outside": 0}
             for c in COLUMNS}
    outside = []                         # (worst excess ratio, id)
    no_area_ok, no_area_bad = [], []
    statuses = {}
    compared = 0
    worst_ratio, worst_ratio_id = 0.0, None   # max over parcels and columns of |diff| / tolerance
    for pid in common:
        r, g = ref[pid], got[pid]
        status = g["status"]
        statuses[status] = statuses.get(status, 0) + 1
        ref_area = r["area_m2"] if math.isfinite(r["area_m2"]) else 0.0
        tol = max(ABS_TOL, REL_TOL * abs(ref_area))
        if status in NO_AREA_STATUSES:
            ref_max = max((abs(r[c]) for c in COLUMNS if math.isfinite(r[c])), default=0.0)
            (no_area_ok if ref_max <= tol else no_area_bad).append((pid, status, ref_max))
            continue
        compared += 1
        worst = 0.0
        for c in COLUMNS:
            rv, gv = r[c], g[c]
            if not math.isfinite(rv):
                rv = 0.0
            d = abs(gv - rv) if math.isfinite(gv) else math.inf     # an empty landctl value is a miss
            rel = d / ref_area if ref_area > 0 else (0.0 if d == 0 else math.inf)
            s = stats[c]
            if d > s["max_abs"] or s["max_abs_id"] is None:
                s["max_abs"], s["max_abs_id"] = d, pid
            if rel > s["max_rel"] or s["max_rel_id"] is None:
                s["max_rel"], s["max_rel_id"] = rel, pid
            if d / tol > worst_ratio or worst_ratio_id is None:
                worst_ratio, worst_ratio_id = d / tol, pid
            if d > tol:
                s["outside"] += 1
                worst = max(worst, d / tol)
        if worst > 0:
            outside.append((worst, pid))

    title = f"compare_classify{(' [' + a.label + ']') if a.label else ''}: {a.reference} vs {a.landctl}"
    print(title)
    print(f"  reference parcels {len(ref)}, landctl parcels {len(got)}, joined {len(common)}, "
          f"compared {compared}; landctl status: " + ", ".join(f"{k or '(empty)'} {v}" for k, v in sorted(statuses.items())))
    print(f"  missing in landctl: {len(only_ref)}" + (f" ({fmt_ids(only_ref)})" if only_ref else ""))
    print(f"  missing in reference: {len(only_got)}" + (f" ({fmt_ids(only_got)})" if only_got else ""))
    if ref_dups or got_dups:
        print(f"  duplicate ids: reference {len(ref_dups)} ({fmt_ids(ref_dups)}), landctl {len(got_dups)} ({fmt_ids(got_dups)})")
    print(f"  tolerance per parcel: max({ABS_TOL} m², {REL_TOL:.0e} x reference area_m2); rel = |diff| / reference area_m2")
    print(f"  {'column':<14} {'max abs diff m²':>16} {'at id':<14} {'max rel diff':>13} {'at id':<14} {'outside tol':>11}")
    for c in COLUMNS:
        s = stats[c]
        print(f"  {c:<14} {s['max_abs']:>16.4f} {s['max_abs_id'] or '-':<14} {s['max_rel']:>13.3e} "
              f"{s['max_rel_id'] or '-':<14} {s['outside']:>11}")
    if no_area_ok or no_area_bad:
        print(f"  landctl error/no_geometry parcels: {len(no_area_ok)} with zero reference area (not failures)"
              + (f": {fmt_ids(p for p, _, _ in no_area_ok)}" if no_area_ok else ""))
        if no_area_bad:
            print(f"  landctl error/no_geometry parcels WITH reference area (failures): {len(no_area_bad)}")
            for pid, st, m in no_area_bad[: a.show]:
                print(f"    {pid}: status {st}, reference area {m:.3f} m²")
    if outside:
        outside.sort(reverse=True)
        print(f"  parcels outside tolerance: {len(outside)}; worst {min(a.show, len(outside))}:")
        print("    " + f"{'id':<14} {'status':<10} " + " ".join(f"{c + ' ref/landctl':>30}" for c in COLUMNS))
        for _, pid in outside[: a.show]:
            r, g = ref[pid], got[pid]
            cells = " ".join(f"{r[c]:>14.3f}/{g[c]:<15.3f}" for c in COLUMNS)
            print(f"    {pid:<14} {g['status']:<10} {cells}")

    failed = len(outside) + len(only_ref) + len(only_got) + len(no_area_bad) + len(ref_dups) + len(got_dups)
    max_abs = max(s["max_abs"] for s in stats.values())
    max_rel = max(s["max_rel"] for s in stats.values())
    print(f"  RESULT: {'PASS' if failed == 0 else 'FAIL'}: {compared} compared, {len(outside)} outside tolerance, "
          f"{len(only_ref)} + {len(only_got)} missing, max abs {max_abs:.4f} m², max rel {max_rel:.3e}, "
          f"worst |diff|/tolerance {worst_ratio:.3g} at {worst_ratio_id or '-'}")
    if a.summary_json:
        with open(a.summary_json, "w", encoding="utf-8") as f:
            json.dump({"reference_parcels": len(ref), "landctl_parcels": len(got), "compared": compared,
                       "missing_in_landctl": len(only_ref), "missing_in_reference": len(only_got),
                       "duplicate_ids": len(ref_dups) + len(got_dups),
                       "outside_tolerance": len(outside), "no_area_ok": len(no_area_ok),
                       "no_area_failures": len(no_area_bad), "max_abs_m2": max_abs, "max_rel": max_rel,
                       "worst_diff_over_tolerance": worst_ratio, "worst_id": worst_ratio_id,
                       "columns": stats, "pass": failed == 0}, f, indent=1, default=str)
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
