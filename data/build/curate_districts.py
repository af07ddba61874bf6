"""Curate the district registry: the reference set's districts.csv + ISO 3166-2:AZ (pycountry).

Writes economic_regions.csv, districts.csv and district_aliases.csv (into data/reference/ by default). The
decisions are data in data/curation/: economic_regions.csv (the 14 regions of Decree No. 1386, in its order),
district_codes.csv (registry rows whose ISO code is not found by name, and the product's own AZX- codes),
district_extras.csv (statistical parents, shape status) and district_old_names.csv (former names).
Run: python -m data.build.curate_districts [--shared PATH] [--out DIR]
(python -m data.build.curate_reference runs it first.)
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

from data.build.common import CURATION_DIR, SHARED_REFERENCE, read_csv, source_id, write_csv
from data.config import REFERENCE_DIR
from data.contracts import columns


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).replace("ǝ", "ə").replace("Ǝ", "Ə").strip()


def iso_codes() -> dict[str, list[tuple[str, str]]]:
    """Azerbaijani name -> [(ISO code, type)] from pycountry."""
    import pycountry

    out: dict[str, list[tuple[str, str]]] = {}
    for s in pycountry.subdivisions.get(country_code="AZ"):
        out.setdefault(_fold(s.name), []).append((s.code, s.type))
    return out


def build(shared: Path = SHARED_REFERENCE, out_dir: Path = REFERENCE_DIR, cdir: Path = CURATION_DIR) -> None:
    """Write the three registry files into out_dir."""
    regions = [
        {
            "code": r["code"],
            "name_az": r["name_az"],
            "name_en": r["name_en"],
            "name_ru": r["name_ru"],
            "sort_order": i + 1,
            "source_id": source_id(r["source_url"]),
        }
        for i, r in enumerate(read_csv(cdir / "economic_regions.csv"))
    ]
    code_of = {(r["name_az"], r["kind"]): r["code"] for r in read_csv(cdir / "district_codes.csv")}
    extras = {r["code"]: r for r in read_csv(cdir / "district_extras.csv")}
    old_names: dict[str, list[str]] = {}
    for r in read_csv(cdir / "district_old_names.csv"):
        old_names.setdefault(r["district_code"], []).append(r["alias"])
    region_by_az = {r["name_az"]: r["code"] for r in regions}
    isos = iso_codes()
    rows, aliases = [], []
    for r in read_csv(shared / "districts.csv"):
        name, kind = _fold(r["name_az"]), r["type"]
        code = code_of.get((name, kind))
        if code is None:
            cands = isos.get(name, [])
            want = "Municipality" if kind == "city" else "Rayon"
            cands = [c for c, t in cands if t == want] or [c for c, _ in cands]
            if len(cands) != 1:
                raise SystemExit(f"no unique ISO code for {name!r} ({kind}): {cands}")
            code = cands[0]
        iso = None if code.startswith("AZX-") else code
        has_pop26 = bool(r["population_2026"].strip())
        extra = extras.get(code, {})
        row = {
            "code": code,
            "iso_code": iso or "",
            "name_az": name,
            "name_en": r["name_en"],
            "name_ru": r["name_ru"],
            "kind": kind,
            "economic_region_code": region_by_az[r["economic_region_az"]],
            "stat_parent_code": extra.get("stat_parent_code", ""),
            "population": r["population_2026"] if has_pop26 else "",
            "population_date": r["population_2026_date"] if has_pop26 else "",
            "population_source_id": source_id(r["population_2026_source_url"]) if has_pop26 else "",
            "population_note": r["population_2026_note"],
            "population_alt": r["population"],
            "population_alt_date": r["population_year"],
            "population_alt_source_id": source_id(r["source_url"]) if r["source_url"] else "",
            "shape_status": extra.get("shape_status") or "own",
            "shape_note": extra.get("shape_note", ""),
            "economic_region_source_id": source_id(r["economic_region_source"]),
            "note": r["note"],
        }
        rows.append(row)
        seen = set()
        for kind_, alias in (
            ("name_az", name),
            ("name_en", r["name_en"]),
            ("name_en", r["name_en_alt"]),
            ("name_ru", r["name_ru"]),
        ):
            if alias and alias not in seen:
                seen.add(alias)
                aliases.append({"alias": alias, "district_code": code, "kind": kind_, "note": ""})
        for old in old_names.get(code, []):
            if old not in seen:
                seen.add(old)
                aliases.append(
                    {"alias": old, "district_code": code, "kind": "old_name", "note": f"former name; now {name}"}
                )
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit("duplicate district codes")
    unknown = (set(extras) | set(old_names)) - set(codes)
    if unknown:
        raise SystemExit(f"district curation files name unknown codes: {sorted(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {"economic_regions.csv": regions, "districts.csv": rows, "district_aliases.csv": aliases}
    for name, records in outputs.items():
        write_csv(out_dir / name, records, columns(name))
    print(f"{len(regions)} regions, {len(rows)} districts, {len(aliases)} aliases")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=SHARED_REFERENCE, help="the reference set (default: vendored)")
    ap.add_argument("--out", type=Path, default=REFERENCE_DIR, help="where to write (default: data/reference)")
    args = ap.parse_args()
    build(args.shared, args.out)
