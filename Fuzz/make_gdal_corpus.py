#!/usr/bin/env python3
"""Seeds for the GDAL reader's fuzzer (Fuzz/Sources/FuzzGDAL): the first few demo parcels
(shapes/parcels.geojson, the project's own data) written by GDAL's ogr2ogr in each format
the fuzzer feeds, framed as FuzzGDAL reads them: one byte for the format, then the file
(a Shapefile as two little-endian 32-bit lengths, the .shp, the .shx and the .dbf).

    python3 Fuzz/make_gdal_corpus.py        # writes Fuzz/corpus/gdal/
"""
import os, struct, subprocess, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "shapes", "parcels.geojson")
OUT = os.path.join(ROOT, "Fuzz", "corpus", "gdal")
# The order of FuzzGDAL's `formats` list.
FORMATS = ["gpkg", "fgb", "kml", "dxf", "gml", "shp", "shp.zip", "gpx"]


def ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *args], check=True, stderr=subprocess.DEVNULL)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = {}
        for ext, driver in [("gpkg", "GPKG"), ("fgb", "FlatGeobuf"), ("kml", "KML"), ("gml", "GML")]:
            path = os.path.join(tmp, "s." + ext)
            ogr2ogr("-f", driver, path, SOURCE, "-limit", "3")
            seeds[ext] = open(path, "rb").read()
        dxf = os.path.join(tmp, "s.dxf")
        subprocess.run(["ogr2ogr", "-f", "DXF", dxf, SOURCE, "-limit", "2"], stderr=subprocess.DEVNULL)
        seeds["dxf"] = open(dxf, "rb").read()
        shp = os.path.join(tmp, "s.shp")
        ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", shp, SOURCE, "-limit", "3")
        parts = [open(os.path.join(tmp, "s." + e), "rb").read() for e in ("shp", "shx", "dbf")]
        seeds["shp"] = struct.pack("<II", len(parts[0]), len(parts[1])) + b"".join(parts)
        zpath = os.path.join(tmp, "s.shp.zip")
        with zipfile.ZipFile(zpath, "w") as z:
            for e in ("shp", "shx", "dbf", "prj", "cpg"):
                z.write(os.path.join(tmp, "s." + e), "s." + e)
        seeds["shp.zip"] = open(zpath, "rb").read()
        for ext, data in seeds.items():
            name = "seed-" + ext.replace(".", "-")
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(bytes([FORMATS.index(ext)]) + data)
            print(name, len(data) + 1, "bytes")


if __name__ == "__main__":
    main()
