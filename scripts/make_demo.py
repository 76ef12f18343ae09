#!/usr/bin/env python3
"""LandControl demo data: a self-made industrial district near Zhoushan (三区一线).

Writes into OUT (default: shapes/ next to this script's folder):
  zones.geojson      the 三区一线 layer: 工业集聚区 (cluster), 过渡控制区 (transition),
                     产业留白区 (reserve), 工业用地保护红线 (redline), plus one feature of a
                     kind LandControl does not know (规划绿地)
  parcels.geojson    the land ledger: industrial land grants and their neighbours
  parcels.csv        the same parcels as CSV (UTF-8 with BOM, WKT column `wkt`)
  buildings.geojson  building footprints on many of the built industrial parcels
  constraints.geojson  the 国土空间规划's 三区三线 over the district: 城镇开发边界 (with the
                     village enclave left out), 生态保护红线 on the hills, 永久基本农田 in the
                     village
  ledger_gbt21010.geojson  the 不动产 ledger of red line ZS-R01's blocks, land use in GB/T 21010
                     codes (0601 工业, 0508 物流仓储, 0701 住宅, 05H1 商服, an old 061) and one
                     recorded change of use (原地类编码)

Everything is CGCS2000 lon/lat (EPSG:4490). Geometry is built in local metres on a road
grid and converted with a flat local projection (lon = 122.1 + x/96490, lat = 30.0 +
y/110900). The data is fictional but shaped like a real district; it carries a few
deliberate conflicts of every LandControl rule, listed by the summary this script prints
and documented with their expected areas in shapes/README.md.

Deterministic: standard library only, fixed seeds, same bytes on every run.

  python3 scripts/make_demo.py [--out DIR]
"""
import argparse
import csv
import io
import json
import math
import os
import random
from collections import defaultdict

SEED = 20251231
EVALUATION_DATE = "2025-12-31"      # idle-land cases are described relative to this date

# ---------------------------------------------------------------------------------------
# Coordinates
LON0, LAT0 = 122.1, 30.0
M_PER_DEG_LON = 96_490.0            # at 30°N, as ../shared/bench/gen_city.py
M_PER_DEG_LAT = 110_900.0
OX, OY = 1450.0, 980.0              # local metres of (LON0, LAT0): the district's centre
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}


def lonlat(p):
    x, y = p
    return [round(LON0 + (x - OX) / M_PER_DEG_LON, 7), round(LAT0 + (y - OY) / M_PER_DEG_LAT, 7)]


def ring_lonlat(ring):
    """A closed lon/lat ring from an open ring in metres."""
    pts = [lonlat(p) for p in ring]
    return pts + [pts[0]]


def shoelace(ring):
    return 0.5 * sum(ring[k][0] * ring[(k + 1) % len(ring)][1] - ring[(k + 1) % len(ring)][0] * ring[k][1]
                     for k in range(len(ring)))


# ---------------------------------------------------------------------------------------
# The road grid: centrelines and half-widths (arterials 40 m, district roads 24 m).
X = [0, 300, 580, 880, 1160, 1460, 1740, 2040, 2320, 2620, 2900]
HX = [15, 12, 12, 12, 20, 12, 12, 20, 12, 12, 15]
Y = [0, 240, 480, 740, 980, 1220, 1480, 1720, 1960]
HY = [20, 12, 12, 20, 12, 12, 20, 12, 15]

# Block map, north row first. First letter: zone (A, B cluster; T, V transition; R, S
# reserve; . none). Second: block type (i industry, k small-firm park, w warehousing,
# r residential, c commercial, g park, x scattered village industry, h hill, e empty,
# s special = laid out by hand below).
MAP = """
.h .h Rh Rh Rh Rh Rh .h .h .h
Ai Ai Rs Rs Rs Re Re .h Bi Bi
Ai Ah Ai Ai Ti Ti Ti .x Bi Bw
Ai Ai As Ai Ts Tw Ti .s .r .r
Vk Ai Ai Ai Ts Ti Bs Bi .r Bi
Vk Ai As As .c Bs Bi Bi .c .r
.r As Ai Ai .c .g Bi Bs Ss Sw
.r .r .c .c .c .x Bs Bs Sh Sh
"""
ROWS = [r.split() for r in MAP.strip().splitlines()][::-1]          # ROWS[j][i]
BLOCK = {(i, j): ROWS[j][i] for j in range(len(ROWS)) for i in range(len(ROWS[j]))}
NI, NJ = len(X) - 1, len(Y) - 1

# Blocks along the hill foot: the back (north) boundary of their parcels drops by
# (left, right) metres.
SLOPED = {(0, 6): (20, 50), (1, 6): (50, 15), (8, 6): (10, 40), (9, 6): (40, 70)}


def block_rect(i, j):
    return (X[i] + HX[i], Y[j] + HY[j], X[i + 1] - HX[i + 1], Y[j + 1] - HY[j + 1])


def block_of(x, y):
    """The block (between road centrelines) holding point x, y, or None outside the grid."""
    if not (X[0] < x < X[-1] and Y[0] < y < Y[-1]):
        return None
    i = max(k for k in range(NI) if X[k] < x)
    j = max(k for k in range(NJ) if Y[k] < y)
    return i, j


# ---------------------------------------------------------------------------------------
# Zones. Membership is decided per cell of a fine grid (road centrelines plus the edges of
# the `add`/`sub` rectangles): blocks of the zone's letter (or the listed blocks), minus
# `sub`, plus `add`. Rectangles are (x0, y0, x1, y1) in local metres.
RED_BLOCKS = {
    "ZS-R01": {(1, 2), (2, 2), (1, 3), (2, 3)},
    "ZS-R02": {(0, 5), (0, 6), (1, 6)},
    "ZS-R03": {(6, 1), (7, 1), (6, 2), (7, 2)},
    "ZS-R04": {(4, 5), (5, 5)},
    "ZS-R05": {(8, 6), (9, 6)},
}
OVERLAP_STRIP = (1160, 980, 1235, 1220)     # cluster ZS-Z01 drawn 75 m into ZS-Z03
STRADDLE_A = (1160, 740, 1290, 980)         # ZS-Z01/ZS-Z03 line through block (4,3)
SLIVER = (1290, 890, 1290.3, 910)           # 0.3 m x 20 m jog of that line into a parcel
STRADDLE_B = (1740, 880, 2040, 980)         # ZS-Z02/ZS-Z03 line through block (6,3)
R01_EXTRA = (880, 480, 1060, 740)           # red line ZS-R01 reaches into block (3,2)
R05_POKE = (2270, 1480, 2320, 1720)         # red line ZS-R05 pokes 50 m into the hills

ZONES = [
    dict(id="ZS-Z01", zone="cluster", zone_name="工业集聚区", name="盐仓工业集聚区",
         letter="A", add=[STRADDLE_A, OVERLAP_STRIP, SLIVER]),
    dict(id="ZS-Z02", zone="cluster", zone_name="工业集聚区", name="临城工业集聚区",
         letter="B", sub=[STRADDLE_B]),
    dict(id="ZS-Z03", zone="transition", zone_name="过渡控制区", name="老塘过渡控制区",
         letter="T", sub=[STRADDLE_A, SLIVER], add=[STRADDLE_B]),
    dict(id="ZS-Z04", zone="transition", zone_name="过渡区", name="西堠过渡控制区", letter="V"),
    dict(id="ZS-Z05", zone="reserve", zone_name="产业留白区", name="马岙产业留白区", letter="R"),
    dict(id="ZS-Z06", zone="reserve", zone_name="产业留白区", name="港区产业留白区", letter="S",
         twist=(X[-1], Y[0])),
    dict(id="ZS-R01", zone="redline", zone_name="工业用地保护红线", name="盐仓工业用地保护红线（核心区）",
         tier="一级", blocks=RED_BLOCKS["ZS-R01"], add=[R01_EXTRA]),
    dict(id="ZS-R02", zone="redline", zone_name="工业用地保护红线", name="盐仓工业用地保护红线（北片）",
         tier="二级", blocks=RED_BLOCKS["ZS-R02"]),
    dict(id="ZS-R03", zone="redline", zone_name="工业用地保护红线", name="临城工业用地保护红线（船舶配套）",
         tier="一级", blocks=RED_BLOCKS["ZS-R03"]),
    dict(id="ZS-R04", zone="redline", zone_name="工业用地控制线", name="老塘工业用地控制线",
         tier="二级", blocks=RED_BLOCKS["ZS-R04"]),
    dict(id="ZS-R05", zone="redline", zone_name="工业用地保护红线", name="临城工业用地保护红线（北片）",
         tier="一级", blocks=RED_BLOCKS["ZS-R05"], add=[R05_POKE]),
]
REDLINE_OF_BLOCK = {b: z for z, bs in RED_BLOCKS.items() for b in bs}


def inside(rect, x, y):
    return rect[0] < x < rect[2] and rect[1] < y < rect[3]


def member(z, x, y):
    b = block_of(x, y)
    if b is None:
        base = False
    elif "blocks" in z:
        base = b in z["blocks"]
    else:
        base = BLOCK[b][0] == z["letter"]
    if any(inside(r, x, y) for r in z.get("sub", [])):
        base = False
    if any(inside(r, x, y) for r in z.get("add", [])):
        base = True
    return base


def trace(cells):
    """Boundary loops (node index lists) of a set of grid cells: exteriors CCW, holes CW."""
    edges = set()
    for a, b in cells:
        corners = [(a, b), (a + 1, b), (a + 1, b + 1), (a, b + 1)]
        for k in range(4):
            u, v = corners[k], corners[(k + 1) % 4]
            if (v, u) in edges:
                edges.remove((v, u))
            else:
                edges.add((u, v))
    out = defaultdict(list)
    for u, v in edges:
        out[u].append(v)
    assert all(len(v) == 1 for v in out.values()), "zone parts touch at a corner"
    loops = []
    while out:
        start = min(out)
        loop, cur = [start], out.pop(start)[0]
        while cur != start:
            loop.append(cur)
            cur = out.pop(cur)[0]
        loops.append(loop)
    return loops


# ---------------------------------------------------------------------------------------
# Geometry helpers (metres)
def seg_dist(p, q, r, s):
    """Distance between segments pq and rs."""
    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    d1, d2, d3, d4 = cross(r, s, p), cross(r, s, q), cross(p, q, r), cross(p, q, s)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and d1 and d2 and d3 and d4:
        return 0.0

    def pt_seg(pt, a, b):
        dx, dy = b[0] - a[0], b[1] - a[1]
        L2 = dx * dx + dy * dy
        t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((pt[0] - a[0]) * dx + (pt[1] - a[1]) * dy) / L2))
        return math.hypot(pt[0] - a[0] - t * dx, pt[1] - a[1] - t * dy)

    return min(pt_seg(p, r, s), pt_seg(q, r, s), pt_seg(r, p, q), pt_seg(s, p, q))


def point_in(pt, ring):
    x, y = pt
    c = False
    n = len(ring)
    for k in range(n):
        (x1, y1), (x2, y2) = ring[k], ring[(k + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c


def blob(cx, cy, r, n, rng, ccw=True):
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    amp = [rng.uniform(0.04, 0.10) for _ in range(3)]
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        rr = r * (1 + sum(a * math.sin((m + 2) * t + ph) for m, (a, ph) in enumerate(zip(amp, phase))))
        pts.append((round(cx + rr * math.cos(t), 2), round(cy + rr * math.sin(t), 2)))
    return pts if ccw else pts[::-1]


# ---------------------------------------------------------------------------------------
# Names and attributes
PLACES = ["舟山", "定海", "浙江", "盐仓", "临城", "干览", "马岙", "金塘", "岑港", "小沙", "白泉", "双桥",
          "东港", "甬舟", "海天", "蓝海", "长峙", "册子"]
CORES = ["海通", "金舟", "瀚海", "宏达", "鑫源", "华丰", "永盛", "恒力", "锦程", "远洋", "东方", "新港",
         "明珠", "博远", "嘉和", "德润", "泰和", "众诚", "海鑫", "利达", "晨光", "天成", "安澜", "星海",
         "伟业", "润通", "中宇", "和盛", "浩诚", "立新", "万舟", "佳禾", "荣昌", "汇海", "正泰", "普利"]
INDUSTRIES = {   # GB/T 4754-2017 two-digit division -> words for firm names
    "13": ["水产品加工", "海洋食品"], "14": ["食品", "调味品"], "26": ["新材料", "化工"],
    "27": ["海洋生物", "药业"], "29": ["塑业", "橡塑制品"], "30": ["建材", "新型墙材"],
    "33": ["金属制品", "钢结构"], "34": ["机械制造", "阀门", "泵业"], "35": ["石化装备", "专用设备"],
    "36": ["汽车零部件"], "37": ["船舶修造", "船舶配件", "海洋工程装备"], "38": ["电气", "电缆"],
    "39": ["电子科技", "智能科技"],
}
HEAVY = ["37", "33", "26", "35"]
INDUSTRIAL = {"M1", "M2", "M3", "1001", "100101", "100102", "100103"}

_used_names = set()


def firm(rng, kind):
    for _ in range(1000):
        name = rng.choice(PLACES) + rng.choice(CORES) + kind + rng.choice(["有限公司"] * 4 + ["股份有限公司"])
        if name not in _used_names:
            _used_names.add(name)
            return name
    raise RuntimeError("out of names")


def add_months(date, months, day=None):
    y, m, d = map(int, date.split("-"))
    m += months
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}-{min(day or d, 28):02d}"


def rand_date(rng, y0, y1):
    return f"{rng.randint(y0, y1):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# ---------------------------------------------------------------------------------------
# Parcels
class Parcel:
    def __init__(self, rect, use, status="existing", ring=None, role=None, **kw):
        self.rect = rect                      # the plot's base rectangle
        self.ring = ring or [(rect[0], rect[1]), (rect[2], rect[1]), (rect[2], rect[3]), (rect[0], rect[3])]
        self.use, self.status, self.role = use, status, role
        self.kw = kw                          # fixed attributes (dates, no_buildings, build_rect, …)
        self.pid = None
        self.block = None
        self.ctx = None                       # zone letter of the block
        self.buildings = []
        self.props = {}


def rect_split(a, b, n, rng):
    w = [rng.uniform(0.8, 1.2) for _ in range(n)]
    s, acc, cuts = sum(w), a, [a]
    for k in range(n - 1):
        acc += (b - a) * w[k] / s
        cuts.append(round(acc))
    return cuts + [b]


PATTERNS = {
    "i": [((1,), 2), ((1, 1), 3), ((2, 2), 8), ((2, 1), 4), ((2, 2, 2), 10), ((1, 2, 2), 6), ((3, 2), 4),
          ((2, 2, 1), 4), ((3, 2, 2), 3)],
    "k": [((3, 3, 3), 1)],
    "w": [((1, 1), 2), ((1,), 1), ((2, 1), 2)],
    "r": [((1, 2), 2), ((2, 2), 2), ((1, 1), 1)],
    "c": [((1, 1, 1), 2), ((2, 2), 1), ((2, 1, 2), 1)],
    "g": [((1,), 1)],
    "x": [((2, 2, 2), 1)],
}


def weighted(rng, items):
    total = sum(w for _, w in items)
    r = rng.uniform(0, total)
    for v, w in items:
        r -= w
        if r <= 0:
            return v
    return items[-1][0]


def generic_block(i, j, rng):
    zone, btype = BLOCK[(i, j)]
    x0, y0, x1, y1 = block_rect(i, j)
    pattern = weighted(rng, PATTERNS[btype])
    xs = rect_split(x0, x1, len(pattern), rng)
    rects = []
    for c, nrows in enumerate(pattern):
        drop = max(SLOPED.get((i, j), (0, 0)))          # hill foot: a deeper back row
        ys = rect_split(y0, y1 - drop, nrows, rng)
        ys[-1] = y1
        rects += [(xs[c], ys[r], xs[c + 1], ys[r + 1]) for r in range(nrows)]
    if btype == "x":                                   # village industry: gaps of farmland
        rects = [r for k, r in enumerate(rects) if k % 3 != 1]
    red = (i, j) in REDLINE_OF_BLOCK
    new_codes = (i, j) in {(8, 5), (9, 5), (8, 6), (9, 6), (9, 3)}
    parcels, has_public = [], False
    for r in rects:
        if btype in "ik":
            if new_codes:
                use = weighted(rng, [("100101", 5), ("100102", 3), ("1001", 2)])
            elif red or btype == "k":
                use = "M1" if btype == "k" else weighted(rng, [("M1", 6), ("M2", 3), ("M3", 1)])
            else:
                use = weighted(rng, [("M1", 52), ("M2", 30), ("M3", 5), ("W1", 13)])
        elif btype == "w":
            use = "1101" if new_codes else "W1"
        elif btype == "r":
            use = "R2"
            if not has_public and rng.random() < 0.35:
                use, has_public = rng.choice(["A33", "G1"]), True
        elif btype == "c":
            use = weighted(rng, [("B1", 7), ("B2", 2), ("A1", 1)])
        elif btype == "g":
            use = "G1"
        else:  # x
            use = weighted(rng, [("M1", 5), ("M2", 4), ("M3", 1)])
        status = "existing"
        if zone in "AB" and use in INDUSTRIAL | {"W1", "1101"} and rng.random() < 0.09:
            status = "拟出让" if rng.random() < 0.35 else "proposed"
        elif btype == "r" and use == "R2" and rng.random() < 0.12:
            status = "proposed"
        parcels.append(Parcel(r, use, status))
    return parcels


def special_blocks():
    """Blocks laid out by hand: every deliberate conflict lives here. Returns {(i, j): [Parcel]}."""
    S = {}
    # (1,1) cluster ZS-Z01: a double grant (the later plot drawn 15 m over the earlier
    # one); the two northern plots merely touch along a 108 m edge.
    S[(1, 1)] = [
        Parcel((312, 252, 440, 360), "M1", role="OVERLAP_1_EARLIER", build_rect=(319, 259, 417, 352),
               grant=("2009-03-18", "2009-09-18", "2009-11-02")),
        Parcel((312, 360, 440, 468), "M2", role="TOUCH_1"),
        Parcel((425, 252, 568, 360), "M2", role="OVERLAP_1_LATER", no_buildings=True,
               grant=("2021-04-12", "2021-10-12", None)),       # dispute: never started -> idle
        Parcel((440, 360, 568, 468), "M1", role="TOUCH_2"),
    ]
    # (2,2) cluster ZS-Z01 inside red line ZS-R01: a commercial plot about to be sold.
    S[(2, 2)] = [
        Parcel((592, 492, 730, 606), "M1"), Parcel((592, 606, 730, 720), "M2"),
        Parcel((730, 492, 868, 606), "M1"),
        Parcel((730, 606, 868, 720), "B1", status="拟出让", role="REDLINE_B1"),
    ]
    # (3,2) cluster ZS-Z01: red line ZS-R01 ends at x = 1060, through the staff dormitory.
    S[(3, 2)] = [
        Parcel((892, 492, 1000, 606), "M1"), Parcel((892, 606, 1000, 720), "M2"),
        Parcel((1000, 492, 1140, 600), "R2", role="REDLINE_R2"),
        Parcel((1000, 600, 1140, 720), "M1", role="REDLINE_PARTLY_M1"),
    ]
    # (2,4) cluster ZS-Z01: a 0.2 m x 30 m digitising overlap between neighbours (6 m²).
    S[(2, 4)] = [
        Parcel((592, 992, 730, 1100), "M1", role="SLIVER_OVERLAP_1",
               ring=[(592, 992), (730, 992), (730, 1040), (730.2, 1040), (730.2, 1070), (730, 1070),
                     (730, 1100), (592, 1100)]),
        Parcel((730, 992, 868, 1100), "M2", role="SLIVER_OVERLAP_2"),
        Parcel((592, 1100, 730, 1208), "M1"), Parcel((730, 1100, 868, 1208), "M1"),
    ]
    # (4,3) transition ZS-Z03, west part cluster ZS-Z01 (line x = 1290).
    S[(4, 3)] = [
        Parcel((1180, 760, 1370, 850), "M1", role="STRADDLE_1"),
        Parcel((1370, 760, 1448, 850), "M2", status="proposed", role="NEW_IN_TRANSITION"),
        Parcel((1180, 850, 1290, 968), "M2"),
        Parcel((1290, 850, 1448, 968), "M1", role="STRADDLE_SLIVER"),
    ]
    # (4,4) transition ZS-Z03; its west 75 m also lie in cluster ZS-Z01 (no parcels there:
    # a roadside green belt).
    S[(4, 4)] = [
        Parcel((1240, 992, 1344, 1100), "M1"), Parcel((1240, 1100, 1344, 1208), "M2"),
        Parcel((1344, 992, 1448, 1100), "M1"), Parcel((1344, 1100, 1448, 1208), "M1"),
    ]
    # (5,2) cluster ZS-Z02: a plot to be sold drawn 26 m over a granted one.
    S[(5, 2)] = [
        Parcel((1472, 492, 1600, 606), "M1"),
        Parcel((1600, 492, 1728, 606), "M2", role="OVERLAP_2_EXISTING", build_rect=(1607, 499, 1720, 572)),
        Parcel((1472, 606, 1600, 720), "M1"),
        Parcel((1600, 580, 1728, 720), "M1", status="拟出让", role="OVERLAP_2_PROPOSED"),
    ]
    # (6,3) cluster ZS-Z02, north 100 m transition ZS-Z03 (line y = 880).
    S[(6, 3)] = [
        Parcel((1752, 760, 1890, 968), "M2", role="STRADDLE_2"),
        Parcel((1890, 760, 2020, 880), "M1"),
        Parcel((1890, 880, 2020, 968), "M1"),
    ]
    # (6,0)+(7,0) cluster ZS-Z02: one shipyard across both blocks (11.6 ha).
    S[(6, 0)] = [Parcel((1752, 20, 2308, 228), "M3", role="SHIPYARD", industry="37")]
    S[(7, 0)] = []
    # (7,1) cluster ZS-Z02 inside red line ZS-R03: one warehouse plot.
    S[(7, 1)] = [
        Parcel((2060, 252, 2184, 360), "M1"), Parcel((2060, 360, 2184, 468), "M1"),
        Parcel((2184, 252, 2308, 468), "W1", role="REDLINE_W1"),
    ]
    # (7,4) no zone: village industry and a plot planned for new industry.
    S[(7, 4)] = [
        Parcel((2060, 992, 2150, 1090), "M2"),
        Parcel((2180, 992, 2308, 1090), "100101", status="proposed", role="NEW_OUTSIDE_ZONES"),
        Parcel((2200, 1100, 2308, 1208), "M1"),
    ]
    # Reserve ZS-Z05 (north): proposed housing, an old village, an old factory and a
    # proposed factory (needs a plan adjustment first).
    S[(2, 6)] = [Parcel((592, 1500, 740, 1610), "R2", status="proposed", role="RESERVE_R2")]
    S[(3, 6)] = [Parcel((892, 1580, 1010, 1708), "R2", role="RESERVE_VILLAGE")]
    S[(4, 6)] = [
        Parcel((1180, 1500, 1300, 1620), "M1", role="RESERVE_OLD_FACTORY"),
        Parcel((1300, 1500, 1448, 1640), "M1", status="proposed", role="NEW_IN_RESERVE"),
    ]
    # Reserve ZS-Z06 (port back-up land): a proposed shop plot and a warehouse.
    S[(8, 1)] = [
        Parcel((2332, 252, 2470, 380), "0901", status="proposed", role="RESERVE_0901"),
        Parcel((2470, 252, 2608, 468), "W1"),
    ]
    return S


def chamfer_and_slope(p, i, j):
    """Corner cut-offs at road intersections (道路切角) and the hill-foot back line."""
    x0, y0, x1, y1 = block_rect(i, j) if (i, j) != (6, 0) else (1752, 20, 2308, 228)
    hx = {x0: HX[i], x1: HX[i + 1] if (i, j) != (6, 0) else HX[8]}
    hy = {y0: HY[j], y1: HY[j + 1]}
    if (i, j) in SLOPED:
        dl, dr = SLOPED[(i, j)]
        p.ring = [(x, y - (dl + (dr - dl) * (x - x0) / (x1 - x0)) if y == y1 else y) for x, y in p.ring]
        p.ring = [(x, round(y, 2)) for x, y in p.ring]
        p.top = min([y for x, y in p.ring if x in (p.rect[0], p.rect[2]) and y > p.rect[1]])
        assert p.top - p.rect[1] >= 50, (i, j, p.rect)
        return
    out = []
    n = len(p.ring)
    for k, (x, y) in enumerate(p.ring):
        if x in hx and y in hy:
            a, b = hx[x], hy[y]
            c = 10 if min(a, b) >= 20 else 6 if max(a, b) >= 20 else 0
            if c:
                prev, nxt = p.ring[k - 1], p.ring[(k + 1) % n]
                for q in (prev, nxt):
                    L = math.hypot(q[0] - x, q[1] - y)
                    out.append((x + (q[0] - x) * c / L, y + (q[1] - y) * c / L))
                continue
        out.append((x, y))
    p.ring = out


def insert_junctions(parcels, pts=None):
    """Put every vertex lying on a neighbour's edge into that edge, so shared boundaries
    are made of identical vertices (no T-junctions)."""
    pts = pts or {v for p in parcels for v in p.ring}
    for p in parcels:
        out = []
        n = len(p.ring)
        for k in range(n):
            a, b = p.ring[k], p.ring[(k + 1) % n]
            out.append(a)
            dx, dy = b[0] - a[0], b[1] - a[1]
            L2 = dx * dx + dy * dy
            on = []
            for v in pts:
                t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / L2
                if 1e-9 < t < 1 - 1e-9 and abs((v[0] - a[0]) * dy - (v[1] - a[1]) * dx) / math.sqrt(L2) < 1e-6:
                    on.append((t, v))
            out += [v for _, v in sorted(on)]
        p.ring = out


# ---------------------------------------------------------------------------------------
def make_parcels(rng):
    specials = special_blocks()
    parcels = []
    for j in range(NJ):
        for i in range(NI):
            if BLOCK[(i, j)][1] in "he":
                continue
            ps = specials[(i, j)] if (i, j) in specials else generic_block(i, j, rng)
            for p in ps:
                p.block = (i, j)
                p.ctx = BLOCK[(i, j)][0]
                chamfer_and_slope(p, i, j)
            insert_junctions(ps)
            parcels += ps
    for n, p in enumerate(parcels, 1):
        p.pid = f"ZS-P{n:04d}"
        p.area = shoelace(p.ring)
        assert p.area > 0
    return parcels


def is_industrial(use):
    return use in INDUSTRIAL


def fill_attributes(parcels, rng):
    """Ledger attributes; buildings for most built industrial plots."""
    roles = {p.role: p for p in parcels if p.role}
    # idle-land and late-start cases among ordinary built cluster plots
    pool = [p for p in parcels if p.role is None and p.status == "existing" and p.ctx in "AB"
            and is_industrial(p.use) and p.block not in REDLINE_OF_BLOCK and p.area < 40000]
    picks = rng.sample(pool, 4)
    picks[0].role, picks[0].kw["grant"], picks[0].kw["no_buildings"] = "IDLE_OVER_2Y", ("2022-08-16", "2023-02-16", None), True
    picks[1].role, picks[1].kw["grant"], picks[1].kw["no_buildings"] = "IDLE_1_TO_2Y", ("2023-11-20", "2024-05-20", None), True
    picks[2].role, picks[2].kw["grant"], picks[2].kw["no_buildings"] = "NOT_YET_IDLE", ("2024-10-08", "2025-04-08", None), True
    picks[3].role, picks[3].kw["grant"] = "LATE_START", ("2020-09-25", "2021-03-25", "2022-09-12")
    roles.update({p.role: p for p in picks})

    bid = 0
    for p in parcels:
        mu = p.area / (10000 / 15)
        use, proposed = p.use, p.status != "existing"
        ind = is_industrial(use) or use in ("W1", "1101")
        era = {"A": (2003, 2023), "B": (2009, 2024), "T": (1996, 2012), "V": (1998, 2012),
               "R": (1995, 2006), "S": (2006, 2016), ".": (1994, 2016)}[p.ctx]
        if p.block in {(8, 5), (9, 5), (8, 6), (9, 6), (9, 3)}:
            era = (2023, 2025)
        industry = None
        if is_industrial(use):
            industry = p.kw.get("industry") or (rng.choice(HEAVY) if use in ("M3", "M2", "100102") and rng.random() < 0.6
                                                else rng.choice(sorted(INDUSTRIES)))
        company = None
        if not proposed:
            if industry:
                company = firm(rng, rng.choice(INDUSTRIES[industry]))
            elif use in ("W1", "1101"):
                company = firm(rng, rng.choice(["物流", "冷链物流", "港口仓储", "供应链"]))
            elif p.role == "RESERVE_VILLAGE":
                company = "马岙村股份经济合作社"
            elif p.role == "REDLINE_R2":
                company = "舟山盐仓园区建设发展有限公司"        # the park's staff dormitory
            elif use == "R2":
                company = firm(rng, rng.choice(["置业", "房地产开发"]))
            elif use in ("B1", "B2"):
                company = firm(rng, rng.choice(["商贸", "实业", "酒店管理"]))
            elif use == "A33":
                company = "舟山市定海区教育局"
            elif use == "A1":
                company = "舟山市定海区盐仓街道办事处"
        grant = agreed = started = None
        if not proposed:
            if "grant" in p.kw:
                grant, agreed, started = p.kw["grant"]
            else:
                grant = rand_date(rng, *era)
                agreed = add_months(grant, rng.choice([3, 4, 6, 6, 6]))
                if agreed > EVALUATION_DATE:
                    started = None                       # agreed start still ahead
                else:
                    started = min(add_months(agreed, rng.choice([-1, 0, 0, 1, 2, 3, 5]), rng.randint(1, 28)),
                                  EVALUATION_DATE)
        built = bool(started) and not p.kw.get("no_buildings")
        # buildings
        if ind and built and (p.role or rng.random() < 0.78):
            p.buildings = make_buildings(p, rng, int(grant[:4]))
        floor = 0.0
        if p.buildings:
            floor = sum((b[2] - b[0]) * (b[3] - b[1]) * b[4] for b in p.buildings)
        elif built or (not proposed and not ind and started):
            far = {"R2": 2.2, "B1": 2.0, "B2": 2.6, "A1": 1.2, "A33": 0.8, "G1": 0.0}.get(use, 1.0)
            floor = p.area * far * rng.uniform(0.7, 1.25) if ind or use in ("R2", "B1", "B2") else p.area * far
        inv = tax = out = emp = None
        if not proposed:
            if ind:
                if built:
                    year = int(grant[:4])
                    base = 150 if year < 2010 else 280 if year < 2019 else 420
                    inv = mu * rng.lognormvariate(math.log(base), 0.3)
                    per_mu = rng.lognormvariate(math.log(5.5 if p.ctx in "TV." else 14), 0.75)
                    if started > "2024-06-30":
                        per_mu *= 0.3                       # just started producing
                    tax = mu * per_mu
                    out = tax * rng.uniform(8, 22)
                    emp = max(3, round(mu * rng.uniform(1.5, 9)))
                else:
                    inv = mu * rng.uniform(25, 60)           # the land price only
                    tax, out, emp = 0.0, 0.0, 0
            elif use in ("R2", "B1", "B2"):
                inv = mu * rng.uniform(300, 900)
                tax = mu * rng.uniform(2, 12)
        p.props = {
            "parcel_id": p.pid, "land_use": use, "status": p.status, "company": company,
            "industry": industry, "grant_date": grant, "agreed_start": agreed, "actual_start": started,
            "site_area_m2": round(p.area, 1), "floor_area_m2": round(float(floor), 1),
            "investment_wan": None if inv is None else round(inv, 1),
            "tax_wan": None if tax is None else round(tax, 1),
            "output_wan": None if out is None else round(out, 1),
            "employees": emp,
        }
        for b in p.buildings:
            bid += 1
            b.append(f"ZS-B{bid:04d}")
    return roles


def make_buildings(p, rng, year):
    """Non-overlapping rectangular footprints inside the plot, set back from its edges.
    Returns [[x0, y0, x1, y1, floors, storey_height_m, kind]]."""
    if "build_rect" in p.kw:
        x0, y0, x1, y1 = p.kw["build_rect"]
    else:
        s = rng.choice([6, 8, 10])
        top = getattr(p, "top", p.rect[3])
        x0, y0, x1, y1 = p.rect[0] + s, p.rect[1] + s, p.rect[2] - s, top - s
    W, H = x1 - x0, y1 - y0
    if W < 30 or H < 30:
        return []
    setback = min(x0 - p.rect[0], y0 - p.rect[1], p.rect[2] - x1)
    return [b for b in (fit_building(b, p.ring, setback) for b in building_layout(p, rng, year, x0, y0, x1, y1)) if b]


def fit_building(b, ring, setback):
    """Keep the footprint `setback` metres inside the plot (corner cut-offs, sloped back
    lines): pull in the side facing the offending corner, or drop the building."""
    for _ in range(4):
        x0, y0, x1, y1 = b[:4]
        if x1 - x0 < 15 or y1 - y0 < 10:
            return None
        bad = [(x, y) for x in (x0, x1) for y in (y0, y1)
               if not point_in((x, y), ring) or
               min(seg_dist((x, y), (x, y), ring[k], ring[(k + 1) % len(ring)]) for k in range(len(ring))) < setback - 1e-6]
        if not bad:
            return b
        x, y = bad[0]
        if x == x0:
            b[0] = x0 + 8
        else:
            b[2] = x1 - 8
    return None


def building_layout(p, rng, year, x0, y0, x1, y1):
    W, H = x1 - x0, y1 - y0
    out = []
    store = p.use in ("W1", "1101")
    if p.role == "SHIPYARD":
        xs = rect_split(x0, x1, 3, rng)
        for k in range(3):
            out.append([xs[k] + 8, y0 + 40, xs[k + 1] - 8, y1 - 10, 1, 18.0, "船台棚"])
        out.append([x0, y0, x0 + 60, y0 + 18, 5, 3.8, "综合楼"])
        return out
    modern = year >= 2012 and rng.random() < 0.55
    if W * H < 5000:                                   # a single standard factory block
        w, h = min(W, 70), min(H, 45)
        return [[x0, y1 - h, x0 + w, y1, 4 if modern else 2, 4.8, "标准厂房"]]
    hall_y0 = y0
    if H >= 75:                                        # office at the front (south)
        ow = min(45, round(W * 0.4))
        out.append([x0, y0, x0 + ow, y0 + 16, rng.choice([4, 5, 6]), 3.8, "综合楼"])
        hall_y0 = y0 + 16 + 12
    nh = 1 if W < 110 else 2 if W < 220 else 3
    depth = round((y1 - hall_y0) * rng.uniform(0.75, 1.0))
    xs = rect_split(x0, x1, nh, rng)
    for k in range(nh):
        a, b = xs[k] + (6 if k else 0), xs[k + 1] - (6 if k < nh - 1 else 0)
        if store:
            floors, h = rng.choice([(1, 9.0), (1, 10.5), (2, 7.0)])
            kind = "仓库"
        elif modern:
            floors, h = rng.choice([3, 4, 4, 5]), rng.choice([4.5, 5.0, 5.4])
            kind = "厂房"
        else:
            floors, h = rng.choice([(1, 9.5), (1, 12.0), (2, 6.0), (1, 7.5)])
            kind = "厂房"
        out.append([a, y1 - depth, b, y1, floors, h, kind])
    return out


# ---------------------------------------------------------------------------------------
def make_zones(parcels):
    rng = random.Random(SEED + 1)
    xs = sorted({float(v) for v in X} | {float(r[k]) for z in ZONES for r in z.get("add", []) + z.get("sub", []) for k in (0, 2)})
    ys = sorted({float(v) for v in Y} | {float(r[k]) for z in ZONES for r in z.get("add", []) + z.get("sub", []) for k in (1, 3)})
    loops = {}
    for z in ZONES:
        cells = {(a, b) for a in range(len(xs) - 1) for b in range(len(ys) - 1)
                 if member(z, (xs[a] + xs[a + 1]) / 2, (ys[b] + ys[b + 1]) / 2)}
        loops[z["id"]] = trace(cells)
    # a node stays where any ring turns; straight runs are merged the same way for all
    kept = set()
    for ls in loops.values():
        for loop in ls:
            n = len(loop)
            for k in range(n):
                p, c, q = loop[k - 1], loop[k], loop[(k + 1) % n]
                if (c[0] - p[0]) * (q[1] - c[1]) != (c[1] - p[1]) * (q[0] - c[0]):
                    kept.add(c)
    boxes = []
    for p in parcels:
        px, py = [v[0] for v in p.ring], [v[1] for v in p.ring]
        boxes.append((min(px), min(py), max(px), max(py), p.ring))

    def clearance(a, b):
        bx0, by0 = min(a[0], b[0]) - 200, min(a[1], b[1]) - 200
        bx1, by1 = max(a[0], b[0]) + 200, max(a[1], b[1]) + 200
        best = 200.0
        for x0, y0, x1, y1, ring in boxes:
            if x1 < bx0 or x0 > bx1 or y1 < by0 or y0 > by1:
                continue
            if point_in(a, ring) or point_in(b, ring):
                return 0.0
            n = len(ring)
            for k in range(n):
                best = min(best, seg_dist(a, b, ring[k], ring[(k + 1) % n]))
        return best

    wobble_cache = {}

    def wobble(u, v):
        """Intermediate points of the zone edge u -> v (node indices): a hand-drawn line
        that stays clear of every parcel; the same points for both zones sharing the edge."""
        key = (min(u, v), max(u, v))
        if key not in wobble_cache:
            a = (xs[key[0][0]], ys[key[0][1]])
            b = (xs[key[1][0]], ys[key[1][1]])
            L = math.hypot(b[0] - a[0], b[1] - a[1])
            amp = min(110.0, 0.6 * clearance(a, b))
            pts = []
            if amp < 3:
                # drawn along a cadastral line: take the parcel corners on it as vertices,
                # so zone and parcel share their edges exactly (also once projected)
                dx, dy = b[0] - a[0], b[1] - a[1]
                on = set()
                for *_, ring in boxes:
                    for v in ring:
                        t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / (L * L)
                        if 1e-9 < t < 1 - 1e-9 and abs((v[0] - a[0]) * dy - (v[1] - a[1]) * dx) / L < 1e-6:
                            on.add((t, v))
                pts = [v for _, v in sorted(on)]
            elif L > 110:
                er = random.Random(f"{SEED}:{a}:{b}")
                n = int(L // (30 if amp > 20 else 55))
                ph = [er.uniform(0, 2 * math.pi) for _ in range(2)]
                f = [er.uniform(1.0, 2.5), er.uniform(3.0, 5.5)]
                w1 = er.uniform(0.4, 0.8)
                for k in range(1, n + 1):
                    t = k / (n + 1)
                    noise = w1 * math.sin(2 * math.pi * f[0] * t + ph[0]) + (1 - w1) * math.sin(2 * math.pi * f[1] * t + ph[1])
                    d = amp * math.sin(math.pi * t) * noise
                    nx, ny = -(b[1] - a[1]) / L, (b[0] - a[0]) / L
                    pts.append((round(a[0] + (b[0] - a[0]) * t + nx * d, 2), round(a[1] + (b[1] - a[1]) * t + ny * d, 2)))
            wobble_cache[key] = pts
        pts = wobble_cache[key]
        return pts if u == key[0] else pts[::-1]

    features = []
    for z in ZONES:
        rings = []
        for loop in loops[z["id"]]:
            loop = [c for c in loop if c in kept]
            ring = []
            for k, u in enumerate(loop):
                v = loop[(k + 1) % len(loop)]
                ring.append((xs[u[0]], ys[u[1]]))
                ring += wobble(u, v)
            if "twist" in z and (float(z["twist"][0]), float(z["twist"][1])) in ring:
                # digitising error: the two points of a 25 m corner cut-off entered in the
                # wrong order -> the boundary crosses itself (a small bow-tie)
                k = ring.index((float(z["twist"][0]), float(z["twist"][1])))
                c, prev, nxt = ring[k], ring[k - 1], ring[(k + 1) % len(ring)]
                pnt = []
                for q in (prev, nxt):
                    L = math.hypot(q[0] - c[0], q[1] - c[1])
                    pnt.append((round(c[0] + (q[0] - c[0]) * 25 / L, 2), round(c[1] + (q[1] - c[1]) * 25 / L, 2)))
                ring[k:k + 1] = [pnt[1], pnt[0]]
            rings.append(ring)
        shells = [r for r in rings if shoelace(r) > 0]
        holes = [r for r in rings if shoelace(r) < 0]
        assert not holes, z["id"]
        polys = [[s] for s in shells]
        if z["id"] == "ZS-Z01":                         # 大沙水库: a reservoir hole in block (1,5)
            polys[0].append(blob(440, 1346, 78, 28, rng, ccw=False))
        props = {"zone_id": z["id"], "zone": z["zone"], "zone_name": z["zone_name"], "name": z["name"]}
        if "tier" in z:
            props["tier"] = z["tier"]
        features.append((props, polys))
    # a plan layer LandControl does not know: kept in the file, must be ignored and counted
    green = [[blob(300, 1858, 90, 24, rng)]]
    features.append(({"zone_id": "ZS-G01", "zone": "规划绿地", "zone_name": "规划绿地", "name": "北山生态绿地"}, green))
    return features


# ---------------------------------------------------------------------------------------
# The 三区三线 (issue 18): drawn by hand on the road grid, sharing their edges exactly.
CONSTRAINTS = [
    # 城镇开发边界: the district up to the hill foot, less the tongue of the ecological red line
    # and the village enclave of blocks (7,4)–(7,5) (a hole).
    ({"id": "CZKFBJ-01", "三区三线": "城镇开发边界", "name": "定海城区城镇开发边界（示例）"},
     [[(0, 0), (2900, 0), (2900, 1720), (1460, 1720), (1460, 1600), (1300, 1600), (1300, 1720), (0, 1720)],
      [(2040, 980), (2040, 1480), (2320, 1480), (2320, 980)]]),
    # 生态保护红线: the northern hills, with a tongue down to y = 1600 over x 1300–1460 (block
    # (4,6)), where the proposed factory ZS-P0247 reaches.
    ({"id": "STBHHX-01", "三区三线": "生态保护红线", "name": "北山生态保护红线（示例）"},
     [[(0, 1720), (1300, 1720), (1300, 1600), (1460, 1600), (1460, 1720), (2900, 1720), (2900, 1960), (0, 1960)]]),
    # 永久基本农田 in the village enclave: JBNT-01 reaches 10 m into the village factory on its
    # south; JBNT-02 lies under the east 50 m × 80 m of the proposed plot ZS-P0187.
    ({"id": "JBNT-01", "三区三线": "永久基本农田", "name": "马岙村永久基本农田（一）"}, [[(2060, 1080), (2175, 1080), (2175, 1208), (2060, 1208)]]),
    ({"id": "JBNT-02", "三区三线": "永久基本农田", "name": "马岙村永久基本农田（二）"}, [[(2150, 1000), (2230, 1000), (2230, 1080), (2150, 1080)]]),
]

# GB/T 21010 codes of the GB 50137 uses, as a 不动产 ledger writes them.
GBT21010 = {"M1": "0601", "M2": "0601", "M3": "0601", "W1": "0508", "R2": "0701", "B1": "05H1"}


def gbt21010_ledger(parcels):
    """The 不动产 ledger of red line ZS-R01's blocks: registered (existing) parcels only, use
    in GB/T 21010 codes. Two records differ from the planning ledger on purpose: the first
    plot of block (2,2) was changed from 0601 to 05H1 (原地类编码 0601), and the first plot of
    block (1,2) keeps its 2007 code 061."""
    blocks = RED_BLOCKS["ZS-R01"] | {(3, 2)}
    out, changed, old = [], False, False
    for p in parcels:
        if p.block not in blocks or p.status != "existing":
            continue
        props = {"宗地代码": p.pid, "权利人": p.props["company"], "地类编码": GBT21010[p.use], "原地类编码": None, "状态": "现状"}
        if p.block == (2, 2) and not changed and p.use.startswith("M"):
            props["地类编码"], props["原地类编码"], changed = "05H1", "0601", True
        elif p.block == (1, 2) and not old and p.use.startswith("M"):
            props["地类编码"], old = "061", True
        out.append({"type": "Feature", "id": p.pid, "properties": props, "geometry": geometry([[p.ring]])})
    assert changed and old
    return out


# ---------------------------------------------------------------------------------------
def geometry(polys):
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": [ring_lonlat(r) for r in polys[0]]}
    return {"type": "MultiPolygon", "coordinates": [[ring_lonlat(r) for r in poly] for poly in polys]}


def write_collection(path, name, features):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","name":%s,\n"crs":%s,\n"features":[\n'
                % (json.dumps(name), json.dumps(CRS, separators=(",", ":"))))
        f.write(",\n".join(json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in features))
        f.write("\n]}\n")


def wkt(ring):
    pts = ring_lonlat(ring)
    return "POLYGON((" + ", ".join(f"{x:.7f} {y:.7f}" for x, y in pts) + "))"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "shapes"), help="output folder (default: shapes/)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(SEED)

    parcels = make_parcels(rng)
    roles = fill_attributes(parcels, rng)
    zones = make_zones(parcels)
    # zone corners on a parcel's edge (zone lines drawn along cadastral lines) become
    # parcel vertices too, so both layers share those edges exactly
    insert_junctions(parcels, {v for _, polys in zones for poly in polys for ring in poly for v in ring})

    write_collection(os.path.join(a.out, "zones.geojson"), "zones",
                     [{"type": "Feature", "id": props["zone_id"], "properties": props, "geometry": geometry(polys)}
                      for props, polys in zones])
    write_collection(os.path.join(a.out, "parcels.geojson"), "parcels",
                     [{"type": "Feature", "id": p.pid, "properties": p.props, "geometry": geometry([[p.ring]])}
                      for p in parcels])
    buildings = []
    for p in parcels:
        for x0, y0, x1, y1, floors, h, kind, bid in p.buildings:
            buildings.append({"type": "Feature", "id": bid,
                              "properties": {"building_id": bid, "parcel_id": p.pid, "floors": floors,
                                             "storey_height_m": h, "kind": kind},
                              "geometry": geometry([[[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]]])})
    write_collection(os.path.join(a.out, "buildings.geojson"), "buildings", buildings)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    cols = list(parcels[0].props)
    w.writerow(cols + ["wkt"])
    for p in parcels:
        w.writerow(["" if p.props[c] is None else p.props[c] for c in cols] + [wkt(p.ring)])
    with open(os.path.join(a.out, "parcels.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())
    write_collection(os.path.join(a.out, "constraints.geojson"), "constraints",
                     [{"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry([rings])}
                      for props, rings in CONSTRAINTS])
    ledger = gbt21010_ledger(parcels)
    write_collection(os.path.join(a.out, "ledger_gbt21010.geojson"), "ledger_gbt21010", ledger)

    # summary
    kinds = defaultdict(int)
    for props, _ in zones:
        kinds[props["zone"]] += 1
    print(f"zones.geojson      {len(zones)} features: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    statuses = defaultdict(int)
    for p in parcels:
        statuses[p.status] += 1
    print(f"parcels.geojson    {len(parcels)} parcels (" + ", ".join(f"{k} {v}" for k, v in statuses.items())
          + "); parcels.csv the same")
    print(f"buildings.geojson  {len(buildings)} footprints on {sum(1 for p in parcels if p.buildings)} parcels")
    print(f"constraints.geojson  {len(CONSTRAINTS)} features (三区三线); ledger_gbt21010.geojson {len(ledger)} parcels (GB/T 21010 codes)")
    r = {k: v.pid for k, v in roles.items()}
    print("deliberate conflicts:")
    print(f"  REDLINE_NON_INDUSTRIAL       {r['REDLINE_B1']} (B1, 拟出让) in ZS-R01; {r['REDLINE_R2']} (R2) partly in ZS-R01;"
          f" {r['REDLINE_W1']} (W1 in ZS-R03, only if warehousing is not industrial)")
    print(f"  NEW_INDUSTRY_OUTSIDE_CLUSTER {r['NEW_IN_TRANSITION']} (transition ZS-Z03), {r['NEW_OUTSIDE_ZONES']} (no zone);"
          f" review: {r['NEW_IN_RESERVE']} (reserve ZS-Z05)")
    print(f"  RESERVE_ENCROACHMENT         {r['RESERVE_R2']} (ZS-Z05), {r['RESERVE_0901']} (ZS-Z06)")
    print(f"  STRADDLES_ZONES              {r['STRADDLE_1']} (ZS-Z01/ZS-Z03), {r['STRADDLE_2']} (ZS-Z02/ZS-Z03);"
          f" not flagged: {r['STRADDLE_SLIVER']} (0.3 m x 20 m sliver)")
    print(f"  PARCEL_OVERLAP               {r['OVERLAP_1_EARLIER']}/{r['OVERLAP_1_LATER']}, {r['OVERLAP_2_EXISTING']}/{r['OVERLAP_2_PROPOSED']};"
          f" not flagged: {r['SLIVER_OVERLAP_1']}/{r['SLIVER_OVERLAP_2']} (6 m²), {r['TOUCH_1']}/{r['TOUCH_2']} (touch)")
    print("  ZONE_OVERLAP                 ZS-Z01 (cluster) / ZS-Z03 (transition)")
    print("  REDLINE_OUTSIDE_ZONES        ZS-R05")
    print("  INVALID_ZONE                 ZS-Z06 (self-intersecting corner)")
    print("  unknown zone kind            ZS-G01 (规划绿地)")
    print(f"  idle land (on {EVALUATION_DATE})  over 2 years: {r['OVERLAP_1_LATER']}, {r['IDLE_OVER_2Y']}; 1-2 years: {r['IDLE_1_TO_2Y']};"
          f" not yet: {r['NOT_YET_IDLE']}; started late: {r['LATE_START']}")


if __name__ == "__main__":
    main()
