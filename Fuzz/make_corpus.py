#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus: Fuzz/corpus/{geojson,wkt,csv,rules}/.

    python3 Fuzz/make_corpus.py            # rewrites Fuzz/corpus/ (deterministic)

Seeds come from three places, each file named by its origin:
- `fixture-*`  LandControl's own Tests/Fixtures and shapes/ (self-made demo data; the large
               layers are cut down to their first features so that every seed stays small);
- `geojsonhint-*`, `antimeridian-*`, `polygon-clipping-*`, `wkx-*`  the edge-case suites
               in ../shared/data/format-edge-cases, whose SOURCE.md names their licences
               (ISC, Apache-2.0, MIT; the licence texts are copied to corpus/LICENSES/);
- `own-*`      hostile inputs written here: truncations, NaN/Infinity, 1e308, deep nesting,
               BOM + CRLF, quoted CSV with line breaks, and so on.
Every seed is kept under MAX_SEED bytes. Only Python's standard library is used.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EDGE = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "format-edge-cases"))
OUT = os.path.join(HERE, "corpus")
MAX_SEED = 20 * 1024

written = {"geojson": 0, "wkt": 0, "csv": 0, "rules": 0}


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_SEED:
        sys.exit(f"seed {target}/{name} is {len(data)} bytes, over {MAX_SEED}")
    path = os.path.join(OUT, target, name)
    with open(path, "wb") as f:
        f.write(data)
    written[target] += 1


def read(path):
    with open(path, "rb") as f:
        return f.read()


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def first_features(path, limit_bytes=12000):
    """The FeatureCollection at `path` with as many leading features as fit in limit_bytes."""
    doc = json.loads(read(path).decode("utf-8-sig"))
    feats = doc["features"]
    out = dict(doc)
    n = len(feats)
    while n > 1:
        out["features"] = feats[:n]
        if len(compact(out).encode()) <= limit_bytes:
            break
        n = (n * 2) // 3
    out["features"] = feats[:n]
    return compact(out)


def cuts(text, fractions=(0.1, 0.33, 0.5, 0.77, 0.95)):
    """Truncations of `text` at several cut points (inside strings, numbers, brackets)."""
    data = text.encode("utf-8")
    return [data[: max(1, int(len(data) * f))] for f in fractions]


# --------------------------------------------------------------------------- GeoJSON

def geojson_seeds():
    fx = os.path.join(ROOT, "Tests", "Fixtures")
    put("geojson", "fixture-features_crs_bom.geojson", read(os.path.join(fx, "features_crs_bom.geojson")))
    put("geojson", "fixture-ledger_problems.geojson", read(os.path.join(ROOT, "shapes", "ledger_problems.geojson")))
    put("geojson", "fixture-parcels-first.geojson", first_features(os.path.join(ROOT, "shapes", "parcels.geojson")))
    put("geojson", "fixture-zones-first.geojson", first_features(os.path.join(ROOT, "shapes", "zones.geojson"), 16000))
    put("geojson", "fixture-buildings-first.geojson", first_features(os.path.join(ROOT, "shapes", "buildings.geojson"), 6000))
    put("geojson", "fixture-proposals-first.geojson", first_features(os.path.join(ROOT, "shapes", "proposals.geojson"), 8000))

    hint = os.path.join(EDGE, "geojsonhint")
    for sub in ("good", "bad"):
        for name in sorted(os.listdir(os.path.join(hint, sub))):
            if name.endswith(".geojson"):
                data = read(os.path.join(hint, sub, name))
                if len(data) <= MAX_SEED:
                    put("geojson", f"geojsonhint-{sub}-{name}", data)
    anti = os.path.join(EDGE, "antimeridian", "data", "input")
    for name in ["simple.json", "one-hole.json", "two-holes.json", "cw-only.json", "north-pole.json",
                 "both-poles.json", "multi-split.json", "point-on-antimeridian.json", "overlap.json"]:
        p = os.path.join(anti, name)
        if os.path.exists(p) and os.path.getsize(p) <= MAX_SEED:
            put("geojson", "antimeridian-" + name.replace(".json", ".geojson"), read(p))
    clip = os.path.join(EDGE, "polygon-clipping", "end-to-end")
    for case in ["collapsed-edges-removed", "clean-poly-with-interior-rings-overlapping", "broken-issue-91",
                 "broken-issue-83", "coincident-with-invalid-segments", "very-small-polygon",
                 "self-intersects-but-doesnt-cross-1", "almost-parrallel-segments", "high-coincidence"]:
        p = os.path.join(clip, case, "args.geojson")
        if os.path.exists(p) and os.path.getsize(p) <= MAX_SEED:
            put("geojson", f"polygon-clipping-{case}.geojson", read(p))
    for dim in ("", "Z", "M", "ZM"):
        cases = json.loads(read(os.path.join(EDGE, "wkx", f"testdata{dim}.json")))
        for key, case in cases.items():
            g = case.get("geoJSON")
            if g is not None:
                put("geojson", f"wkx{dim}-{key}.geojson", compact(g))

    # Own hostile cases.
    sq = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    def fc(*geoms, props=None):
        return compact({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": i + 1, "properties": props or {"k": i}, "geometry": g} for i, g in enumerate(geoms)]})
    own = {
        "empty.geojson": "",
        "spaces.geojson": " \r\n\t ",
        "bom-only.geojson": b"\xef\xbb\xbf",
        "open-brace.geojson": "{",
        "empty-object.geojson": "{}",
        "empty-collection.geojson": '{"type":"FeatureCollection","features":[]}',
        "root-array.geojson": '[{"type":"Point","coordinates":[1,2]}]',
        "root-string.geojson": '"FeatureCollection"',
        "trailing-garbage.geojson": '{"type":"Point","coordinates":[1,2]} x',
        "two-roots.geojson": '{"type":"Point","coordinates":[1,2]}{"type":"Point","coordinates":[3,4]}',
        "nan.geojson": '{"type":"Point","coordinates":[NaN,1]}',
        "infinity.geojson": '{"type":"Point","coordinates":[Infinity,-Infinity]}',
        "1e308.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [1e308, 0], [1e308, 1e308], [0, 1e308], [0, 0]]]}),
        "1e309.geojson": '{"type":"Point","coordinates":[1e309,1]}',
        "minus-1e308-bowtie.geojson": '{"type":"Polygon","coordinates":[[[-1e308,-1e308],[1e308,1e308],[1e308,-1e308],[-1e308,1e308],[-1e308,-1e308]]]}',
        "denormal.geojson": '{"type":"Polygon","coordinates":[[[0,0],[4.9e-324,0],[4.9e-324,4.9e-324],[0,4.9e-324],[0,0]]]}',
        "long-numbers.geojson": '{"type":"Point","coordinates":[1234567890123456789012345678901234567890.5,0.000000000000000000000000000000000000000000001e-300]}',
        "number-forms.geojson": '{"type":"MultiPoint","coordinates":[[-0,0.0],[1E2,1e+2],[1e-2,-1.5e-3],[01,2],[1.,2],[.5,1],[+1,2]]}',
        "bow-tie.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}),
        "hole-outside-shell.geojson": fc({"type": "Polygon", "coordinates": [sq, [[20, 20], [21, 20], [21, 21], [20, 20]]]}),
        "hole-crossing-shell.geojson": fc({"type": "Polygon", "coordinates": [sq, [[5, 5], [15, 5], [15, 6], [5, 5]]]}),
        "unclosed-ring.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10]]]}),
        "ring-3-points.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [0, 0]]]}),
        "ring-1-point.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0]]]}),
        "collapsed-ring.geojson": fc({"type": "Polygon", "coordinates": [[[1, 1], [1, 1], [1, 1], [1, 1]]]}),
        "zero-area.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [5, 0], [10, 0], [0, 0]]]}),
        "spike.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [10, 20], [10, 10], [0, 10], [0, 0]]]}),
        "overlapping-multipolygon.geojson": fc({"type": "MultiPolygon", "coordinates": [[sq], [[[5, 5], [15, 5], [15, 15], [5, 15], [5, 5]]]]}),
        "nested-shells.geojson": fc({"type": "MultiPolygon", "coordinates": [[sq], [[[2, 2], [3, 2], [3, 3], [2, 3], [2, 2]]]]}),
        "empty-coordinates.geojson": fc(*[{"type": t, "coordinates": []} for t in
                                          ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"]]),
        "empty-inner-arrays.geojson": fc({"type": "Polygon", "coordinates": [[]]}, {"type": "MultiPolygon", "coordinates": [[[]]]},
                                         {"type": "MultiLineString", "coordinates": [[]]}),
        "mixed-depths.geojson": fc({"type": "MultiPolygon", "coordinates": [[sq], sq]},
                                   {"type": "Polygon", "coordinates": [sq, [1, 2]]}),
        "wrong-depths.geojson": fc({"type": "Point", "coordinates": [[1, 2]]}, {"type": "Polygon", "coordinates": sq},
                                   {"type": "LineString", "coordinates": [1, 2]}, {"type": "MultiPolygon", "coordinates": [[[[[1, 2]]]]]}),
        "short-positions.geojson": fc({"type": "LineString", "coordinates": [[1], [2, 3]]}, {"type": "Point", "coordinates": [1]},
                                      {"type": "LineString", "coordinates": [[1, 2]]}),
        "z-ring-not-closed.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0, 1], [10, 0, 1], [10, 10, 1], [0, 10, 1], [0, 0, 2]]]},
                                        {"type": "Polygon", "coordinates": [[[0, 0, 1], [10, 0], [10, 10], [0, 10], [0, 0]]]}),
        "4d-positions.geojson": fc({"type": "LineString", "coordinates": [[1, 2, 3, 4, 5], [2, 3, 4, 5, 6]]}),
        "string-coords.geojson": fc({"type": "Point", "coordinates": ["1", "2"]}, {"type": "Point", "coordinates": [True, None]}),
        "geometrycollection-mix.geojson": fc({"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [1, 2]}, {"type": "LineString", "coordinates": []},
            {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]},
            {"type": "GeometryCollection", "geometries": []},
            {"type": "MultiPolygon", "coordinates": [[sq], [[[5, 5], [15, 5], [15, 15], [5, 15], [5, 5]]]]}]}),
        "geometrycollection-bad-members.geojson": fc({"type": "GeometryCollection", "geometries": [1, "x", None]},
                                                     {"type": "GeometryCollection"}, {"type": "GeometryCollection", "geometries": {}}),
        "case-types.geojson": '{"type":"featurecollection","features":[]}',
        "feature-types.geojson": compact({"type": "FeatureCollection", "features": [
            {"type": "feature", "geometry": None}, {"geometry": {"type": "point", "coordinates": [1, 2]}},
            {"type": "Feature", "properties": [], "geometry": "x"}, {"type": "Feature", "id": {"a": 1}, "geometry": None},
            {"type": "Feature", "geometry": {"type": "Point"}}, {"type": "Feature", "geometry": {"coordinates": [1, 2]}},
            {"type": "Feature", "coordinates": [1, 2], "geometry": None}, 7, None, [], "f"]}),
        "duplicate-members.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","type":"Feature","id":1,"id":2,'
                                     '"properties":{"a":1,"a":2},"properties":{},"geometry":null,"geometry":{"type":"Point","coordinates":[1,2]}}]}',
        "duplicate-root.geojson": '{"type":"FeatureCollection","features":[],"features":[]}',
        "collection-with-geometry.geojson": '{"type":"FeatureCollection","features":[],"geometry":null,"coordinates":[1]}',
        "bare-geometry-properties.geojson": '{"type":"Polygon","properties":{"adcode":330000,"name":"浙江"},"coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}',
        "single-feature.geojson": '{"type":"Feature","properties":{"a":"b"},"geometry":{"type":"Point","coordinates":[122.1,30.0]}}',
        "crs-variants.geojson": '{"type":"FeatureCollection","crs":{"type":"EPSG","properties":{"code":4490}},"features":[]}',
        "crs-link.geojson": '{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://x","name":"y"}},"features":[]}',
        "crs-odd.geojson": '{"type":"FeatureCollection","crs":{"properties":{}},"features":[],"crs":"EPSG:4326"}',
        "crs-broken.geojson": '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":[1,{"a":"\\u00e9"}]}},"features":[]}',
        "bbox-variants.geojson": fc({"type": "Point", "bbox": [1, 2, 3], "coordinates": [1, 2]},
                                    {"type": "Point", "bbox": "1,2,3,4", "coordinates": [1, 2]},
                                    {"type": "Point", "bbox": [1, "2", [3], {}], "coordinates": [1, 2]}),
        "string-escapes.geojson": '{"type":"Feature","properties":{"a":"\\ud83d\\ude00","b":"\\ud800","c":"\\udc00x","d":"\\u0000",'
                                  '"e":"\\"\\\\\\/\\b\\f\\n\\r\\t","f":"\\uD834\\u0041","g":"\\u12"},"geometry":null}',
        "bad-escape.geojson": '{"type":"Feature","properties":{"a":"\\x41"},"geometry":null}',
        "control-char.geojson": '{"type":"Feature","properties":{"a":"tab\there"},"geometry":null}',
        "invalid-utf8.geojson": b'{"type":"Feature","properties":{"\xff\xfe":"\xc3\x28\xa0\xa1\xe2\x28\xa1"},"geometry":null}',
        "gbk-text.geojson": '{"type":"Feature","properties":{"名称":"工业用地"},"geometry":null}'.encode("gb18030"),
        "bom-crlf.geojson": b"\xef\xbb\xbf" + fc({"type": "Polygon", "coordinates": [sq]}).replace("},{", "},\r\n{").encode(),
        "utf16-bom.geojson": '\ufeff{"type":"Point","coordinates":[1,2]}'.encode("utf-16-le"),
        "deep-properties.geojson": '{"type":"Feature","properties":{"a":' + "[" * 5000 + "]" * 5000 + "},\"geometry\":null}",
        "deep-properties-unclosed.geojson": '{"type":"Feature","properties":{"a":' + "[{\"x\":" * 1500,
        "mismatched-brackets.geojson": '{"type":"Feature","properties":{"a":[1,{"b":2]}},"geometry":null}',
        "deep-coordinates.geojson": '{"type":"Polygon","coordinates":' + "[" * 20 + "0,0" + "]" * 20 + "}",
        "deep-geometrycollection.geojson": '{"type":"Feature","geometry":' + '{"type":"GeometryCollection","geometries":[' * 70
                                           + '{"type":"Point","coordinates":[1,2]}' + "]}" * 70 + "}",
        "many-properties.geojson": '{"type":"Feature","properties":{' + ",".join(f'"k{i}":{i}' for i in range(1500)) + '},"geometry":null}',
        "many-points.geojson": compact({"type": "MultiPoint", "coordinates": [[i % 97, i // 97] for i in range(1200)]}),
        "right-hand-rule.geojson": fc({"type": "Polygon", "coordinates": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]]},
                                      {"type": "MultiPolygon", "coordinates": [[sq, [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]]]}),
    }
    for name, data in own.items():
        put("geojson", "own-" + name, data)
    # Truncated documents at several cut points.
    for k, data in enumerate(cuts(read(os.path.join(fx, "features_crs_bom.geojson")).decode("utf-8"))):
        put("geojson", f"own-truncated-crs-bom-{k}.geojson", data)
    for k, data in enumerate(cuts(fc({"type": "MultiPolygon", "coordinates": [[sq, [[2, 2], [4, 2], [4, 4], [2, 2]]]]},
                                     {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1.25, 2.5e1]}]},
                                     props={"名": "中\"文", "n": -1.5e-3}))):
        put("geojson", f"own-truncated-{k}.geojson", data)


# --------------------------------------------------------------------------- WKT

def wkt_seeds():
    fx = os.path.join(ROOT, "Tests", "Fixtures")
    put("wkt", "fixture-lines.wkt", read(os.path.join(fx, "lines.wkt")))
    # WKT lines of the demo ledger (CSV column `wkt`), a few per seed.
    import csv
    with open(os.path.join(ROOT, "shapes", "parcels.csv"), encoding="utf-8-sig", newline="") as f:
        rows = [r["wkt"] for r in csv.DictReader(f)]
    put("wkt", "fixture-parcels-1.wkt", "\n".join(rows[:3]) + "\n")
    put("wkt", "fixture-parcels-2.wkt", "SRID=4490;" + "\r\nSRID=4490;".join(rows[100:104]) + "\r\n")
    for dim in ("", "Z", "M", "ZM"):
        cases = json.loads(read(os.path.join(EDGE, "wkx", f"testdata{dim}.json")))
        for key, case in cases.items():
            put("wkt", f"wkx{dim}-{key}.wkt", case["wkt"] + "\n")
        # All cases of one dimension in one file, one per line.
        put("wkt", f"wkx{dim}-all.wkt", "\n".join(c["wkt"] for c in cases.values()) + "\n")
    for key, case in json.loads(read(os.path.join(EDGE, "wkx", "issuetestdata.json"))).items():
        put("wkt", "wkx-issue31.wkt", case["wkt"] + "\n")

    sq = "(0 0, 10 0, 10 10, 0 10, 0 0)"
    own = {
        "empty.wkt": "",
        "comments-blank.wkt": "# comment\n\n   \n\t# another\n",
        "bom-crlf.wkt": b"\xef\xbb\xbfPOLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))\r\nPOINT (1 2)\r\n\r\n",
        "lone-cr.wkt": "POINT (1 2)\rPOINT (3 4)\r",
        "srid.wkt": "SRID=4490;POINT (1 2)\nSRID=4326;POINT (1 2)\nSRID=-1;POINT(1 2)\nSRID=1e9;POINT(1 2)\nSRID=4490.5;POINT(1 2)\nSRID=4490 POINT(1 2)\nsrid = 3857 ; POINT(1 2)\n",
        "types.wkt": f"POINT (1 2)\nLINESTRING (0 0, 1 1)\nPOLYGON ({sq})\nMULTIPOINT (1 2, 3 4)\nMULTIPOINT ((1 2), (3 4), EMPTY)\n"
                     f"MULTILINESTRING ((0 0, 1 1), EMPTY, (2 2, 3 3))\nMULTIPOLYGON (({sq}), EMPTY)\nLINEARRING (0 0, 1 0, 1 1, 0 0)\n"
                     f"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY, POLYGON ({sq}), GEOMETRYCOLLECTION EMPTY)\n",
        "empties.wkt": "POINT EMPTY\nLINESTRING EMPTY\nPOLYGON EMPTY\nPOLYGON (EMPTY)\nPOLYGON (EMPTY, (0 0, 1 0, 1 1, 0 0))\n"
                       "MULTIPOINT EMPTY\nMULTIPOINT (EMPTY)\nMULTIPOLYGON (EMPTY, EMPTY)\nGEOMETRYCOLLECTION EMPTY\n"
                       "GEOMETRYCOLLECTION (POINT EMPTY, MULTIPOLYGON EMPTY)\nPOINT Z EMPTY\n",
        "dimensions.wkt": "POINT Z (1 2 3)\nPOINTZ (1 2 3)\nPOINT M (1 2 3)\nPOINT ZM (1 2 3 4)\nPOINTZM(1 2 3 4)\nPOINT (1 2 3)\nPOINT (1 2 3 4)\n"
                          "POINT (1 2 3 4 5)\nPOINT Z (1 2)\nPOINT ZM (1 2 3)\nGEOMETRYCOLLECTION Z (POINT M (1 2 3))\n"
                          "POLYGON Z ((0 0 1, 10 0 1, 10 10 1, 0 10 1, 0 0 2))\nLINESTRING (0 0, 1 1 1, 2 2)\n",
        "case-space.wkt": "point(1 2)\n  Polygon  (  ( 0 0 ,10 0,10 10,0 10,0 0 ) )  \n\tmultipoint((1 2),(3 4))\t\n",
        "numbers.wkt": "POINT (+1 -2)\nPOINT (.5 1.)\nPOINT (1e3 -1E-3)\nPOINT (1e308 -1e308)\nPOINT (1e309 0)\nPOINT (4.9e-324 0)\n"
                       "POINT (123456789012345678901234567890 0.000000000000000000000000000001)\nPOINT (1.2.3 4)\nPOINT (1e 2)\nPOINT (- 2)\nPOINT (0x10 2)\n",
        "nan-inf.wkt": "POINT (nan 1)\nPOINT (NaN NaN)\nPOINT (inf 1)\nPOINT (-inf 1)\nPOINT (Infinity 1)\nPOINT (1 -Infinity)\n",
        "1e308.wkt": "POLYGON ((0 0, 1e308 0, 1e308 1e308, 0 1e308, 0 0))\nPOLYGON ((-1e308 -1e308, 1e308 1e308, 1e308 -1e308, -1e308 1e308, -1e308 -1e308))\n",
        "invalid-polygons.wkt": "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))\n"
                                f"POLYGON ({sq}, (20 20, 21 20, 21 21, 20 20))\n"
                                f"POLYGON ({sq}, (5 5, 15 5, 15 6, 5 5))\n"
                                "POLYGON ((0 0, 10 0, 10 10, 0 10))\nPOLYGON ((0 0, 10 0, 0 0))\nPOLYGON ((1 1, 1 1, 1 1, 1 1))\n"
                                "POLYGON ((0 0, 10 0, 10 10, 10 20, 10 10, 0 10, 0 0))\n"
                                f"MULTIPOLYGON (({sq}), ((5 5, 15 5, 15 15, 5 15, 5 5)))\n"
                                "LINESTRING (1 2)\nMULTILINESTRING ((1 2))\n",
        "syntax-errors.wkt": "POINT (1 2\nPOINT 1 2)\nPOINT ((1 2))\nPOLYGON (0 0, 1 1)\nPOLYGON ((0 0, 1 1)\nMULTIPOLYGON ((0 0))\n"
                             "POINT (1, 2)\nPOINT ()\nPOINT (1 2) x\nPOINT (1 2) )\nPOLYGON\nGEOMETRYCOLLECTION (POINT (1 2),)\n"
                             "FOO (1 2)\nCIRCULARSTRING (0 0, 1 1, 2 0)\nCURVEPOLYGON (CIRCULARSTRING (0 0, 1 1, 2 0, 0 0))\n"
                             "POINT EMPTY EMPTY\nPOINT (1 2 EMPTY)\n(1 2)\n,\n",
        "unicode.wkt": "POINT (１ ２)\nPOINT (1 2) # 注释\n工业 POINT (1 2)\n".encode("utf-8"),
        "invalid-utf8.wkt": b"POINT (1 2)\xff\nPOI\xc3\x28NT (1 2)\n\xa0\xa1POINT (3 4)\n",
        "nul-bytes.wkt": b"POINT (1\x00 2)\n\x00\nPOINT (3 4)\n",
        "deep-geometrycollection.wkt": "GEOMETRYCOLLECTION (" * 500 + "POINT (1 2)" + ")" * 500 + "\n",
        "deep-geometrycollection-unclosed.wkt": "GEOMETRYCOLLECTION(" * 700,
        "many-points.wkt": "MULTIPOINT (" + ", ".join(f"{i % 97} {i // 97}" for i in range(1500)) + ")\n",
        "many-rings.wkt": "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)"
                          + "".join(f", ({x} {y}, {x + 1} {y}, {x + 1} {y + 1}, {x} {y})" for x in range(2, 98, 4) for y in range(2, 98, 8)) + ")\n",
    }
    for name, data in own.items():
        put("wkt", "own-" + name, data)
    text = f"SRID=4490;MULTIPOLYGON ((({sq[1:-1]}), (2 2, 4 2, 4 4, 2 2)), ((20 20, 30 20, 30 30, 20 20)))\n" \
           "GEOMETRYCOLLECTION Z (POINT Z (1.25 2.5e1 3), LINESTRING Z (0 0 0, 1 1 1))\n"
    for k, data in enumerate(cuts(text)):
        put("wkt", f"own-truncated-{k}.wkt", data)


# --------------------------------------------------------------------------- CSV

def csv_seeds():
    fx = os.path.join(ROOT, "Tests", "Fixtures")
    for name in ["gbk.csv", "parcels_multiline.csv", "utf8_bom.csv"]:
        put("csv", "fixture-" + name, read(os.path.join(fx, name)))
    lines = read(os.path.join(ROOT, "shapes", "parcels.csv")).split(b"\r\n")
    put("csv", "fixture-parcels-head.csv", b"\r\n".join(lines[:12]) + b"\r\n")
    put("csv", "fixture-parcels-tail.csv", b"\r\n".join([lines[0]] + lines[-8:]))

    sq = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"
    own = {
        "empty.csv": "",
        "bom-only.csv": b"\xef\xbb\xbf",
        "header-only.csv": "id,wkt\n",
        "header-only-no-newline.csv": "id,wkt",
        "no-wkt-column.csv": "id,name\n1,a\n",
        "column-names.csv": "ID, WKT ,geometry\n1,POINT (1 2),POINT (3 4)\n",
        "the_geom.csv": f"the_geom;id\n\"{sq}\";1\n",
        "shape.csv": "Shape\tid\nPOINT (1 2)\t1\n",
        "bom-crlf.csv": b"\xef\xbb\xbfid,wkt\r\n1,\"" + sq.encode() + b"\"\r\n2,POINT (1 2)\r\n",
        "lone-cr.csv": f"id,wkt\r1,POINT (1 2)\r2,\"{sq}\"\r",
        "no-final-newline.csv": f"id,wkt\n1,\"{sq}\"",
        "quoted-newlines.csv": f"id,name,wkt\n1,\"line one\nline two\r\nline three\",\"{sq}\"\n2,\"\",\"POINT\n(1 2)\"\n",
        "quoted-delimiters.csv": f"id,name,wkt\n1,\"a, b, c\",\"{sq}\"\n2,\",\",\"MULTIPOINT ((1 2), (3 4))\"\n",
        "field-counts.csv": f"id,name,wkt\n1\n2,a\n3,b,POINT (1 2),extra,more\n,,\n\n\n4,c,{sq}\n",
        "blank-lines.csv": "id,wkt\n\n\r\n\n1,POINT (1 2)\n\n",
        "blank-geometry.csv": "id,wkt\n1,\n2,\"\"\n3,\"  \"\n4, \t \n",
        "unclosed-quote.csv": "id,wkt\n1,\"POINT (1 2)\n2,POINT (3 4)\n",
        "quote-in-unquoted.csv": "id,wkt\n1 \"x\" 2,POINT (1 2)\na\"b,POINT (3 4)\n",
        "invalid-utf8.csv": b"id,name,wkt\n1,\xff\xfe,POINT (1 2)\n2,\xc3\x28,POINT (3 4)\n",
        "invalid-utf8-header.csv": b"id,\xff,wkt\n1,a,POINT (1 2)\n",
        "gbk-crlf.csv": "编号,名称,wkt\r\n1,工业用地,POINT (122.1 30)\r\n2,\"商业,服务\",POINT (122.2 30)\r\n".encode("gb18030"),
        "gb18030-4byte.csv": "id,name,wkt\n1,€𝄞,POINT (1 2)\n".encode("gb18030"),
        "nan-inf.csv": "id,wkt\n1,POINT (nan 1)\n2,POINT (inf -inf)\n3,POINT (1e309 0)\n4,POINT (NaN NaN)\n",
        "1e308.csv": "id,wkt\n1,\"POLYGON ((0 0, 1e308 0, 1e308 1e308, 0 1e308, 0 0))\"\n"
                     "2,\"POLYGON ((-1e308 -1e308, 1e308 1e308, 1e308 -1e308, -1e308 1e308, -1e308 -1e308))\"\n",
        "invalid-polygons.csv": "id,wkt\n1,\"POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))\"\n"
                                "2,\"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 21 20, 21 21, 20 20))\"\n"
                                "3,\"POLYGON ((0 0, 10 0, 10 10, 0 10))\"\n4,\"POLYGON ((0 0, 10 0, 0 0))\"\n"
                                "5,\"MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((5 5, 15 5, 15 15, 5 15, 5 5)))\"\n",
        "ewkt.csv": "id,wkt\n1,SRID=4490;POINT (1 2)\n2,SRID=4326;POINT (1 2)\n3,\"SRID=x;POINT (1 2)\"\n",
        "wkt-syntax-errors.csv": "id,wkt\n1,POINT (1 2\n2,\"POLYGON ((0 0, 1 1)\"\n3,FOO\n4,\"GEOMETRYCOLLECTION (POINT (1 2),)\"\n5,POINT EMPTY\n",
        "deep-geometrycollection.csv": "id,wkt\n1,\"" + "GEOMETRYCOLLECTION (" * 400 + "POINT (1 2)" + ")" * 400 + "\"\n",
        "many-columns.csv": ",".join(f"c{i}" for i in range(800)) + ",wkt\n" + ",".join(str(i) for i in range(800)) + ",POINT (1 2)\n",
        "many-rows.csv": "id,wkt\n" + "".join(f"{i},POINT ({i} {i})\n" for i in range(800)),
        "duplicate-header.csv": "id,id,wkt,wkt\n1,2,POINT (1 2),POINT (3 4)\n",
        "empty-header-fields.csv": ",,wkt,\n,,POINT (1 2),\n",
        "nul-bytes.csv": b"id,wkt\n1\x00,POINT (1 2)\n2,POINT (3\x00 4)\n",
    }
    for name, data in own.items():
        put("csv", "own-" + name, data)
    text = "编号,名称,wkt\r\n1,\"多行\n名称\",\"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2))\"\r\n" \
           "2,x,\"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))\"\r\n"
    for k, data in enumerate(cuts(text)):
        put("csv", f"own-truncated-{k}.csv", data)


def rules_seeds():
    """The repository's rules files, and small ones of our own at the reader's edges."""
    shapes = os.path.join(HERE, "..", "shapes")
    for name in sorted(os.listdir(shapes)):
        if name.endswith(".yaml"):
            with open(os.path.join(shapes, name), "rb") as f:
                put("rules", "shapes-" + name, f.read())
    own = {
        "flow-deep.yaml": "a: " + "[" * 40 + "]" * 40 + "\n",
        "block-deep.yaml": "a:\n  " + "- " * 40 + "x\n",
        "indent-deep.yaml": "".join(" " * k + f"k{k}:\n" for k in range(40)),
        "quoted.yaml": "grant:\n  edition: \"[[[ not nested ]]]\"  # [[[ comment\n",
        "anchors.yaml": "classification: &c\n  sliver_share: 0.02\nidle: *c\n",
        "wrong-types.yaml": "classification:\n  sliver_share: [1, 2]\n  sliver_area_m2: .inf\n",
        "unknown-key.yaml": "grnat:\n  far_max: 3\n",
        "tabs.yaml": "classification:\n\tsliver_share: 0.02\n",
        "multi-doc.yaml": "---\nclassification: {}\n---\ngrant: {}\n",
    }
    for name, text in own.items():
        put("rules", "own-" + name, text.encode("utf-8"))


def main():
    if not os.path.isdir(EDGE):
        sys.exit(f"cannot find {EDGE} (the shared edge-case suites)")
    for target in written:
        path = os.path.join(OUT, target)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
    lic = os.path.join(OUT, "LICENSES")
    shutil.rmtree(lic, ignore_errors=True)
    os.makedirs(lic)
    for src, name in [("geojsonhint/LICENSE.ISC", "geojsonhint-LICENSE.ISC"),
                      ("antimeridian/LICENSE.Apache-2.0", "antimeridian-LICENSE.Apache-2.0"),
                      ("polygon-clipping/LICENSE.md", "polygon-clipping-LICENSE.md"),
                      ("wkx/LICENSE.MIT", "wkx-LICENSE.MIT")]:
        shutil.copyfile(os.path.join(EDGE, src), os.path.join(lic, name))
    geojson_seeds()
    wkt_seeds()
    csv_seeds()
    rules_seeds()
    print(", ".join(f"{t}: {n} seeds" for t, n in written.items()))


if __name__ == "__main__":
    main()
