"""Curate the district registry: ../shared/reference/districts.csv + ISO 3166-2:AZ (pycountry).

Writes data/reference/economic_regions.csv, districts.csv and district_aliases.csv.
Run: python -m data.build.curate_districts [--shared PATH]
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

from data.build.common import SHARED_REFERENCE, read_csv, source_id, write_csv
from data.config import REFERENCE_DIR

DECREE_URL = "https://sabah.az/?name=xeber&news_id=15894"

# The 14 economic regions of Decree No. 1386 of 7 July 2021, in the decree's order.
ECONOMIC_REGIONS = [
    ("ER-BAK", "Bakı", "Baku", "Баку"),
    ("ER-NAX", "Naxçıvan", "Nakhchivan", "Нахчыван"),
    ("ER-ABX", "Abşeron-Xızı", "Absheron-Khizi", "Апшерон-Хызы"),
    ("ER-DSH", "Dağlıq Şirvan", "Mountainous Shirvan", "Горный Ширван"),
    ("ER-GDA", "Gəncə-Daşkəsən", "Ganja-Dashkasan", "Гянджа-Дашкесан"),
    ("ER-QAR", "Qarabağ", "Karabakh", "Карабах"),
    ("ER-QTV", "Qazax-Tovuz", "Gazakh-Tovuz", "Газах-Товуз"),
    ("ER-QXC", "Quba-Xaçmaz", "Guba-Khachmaz", "Губа-Хачмаз"),
    ("ER-LAS", "Lənkəran-Astara", "Lankaran-Astara", "Ленкорань-Астара"),
    ("ER-MAR", "Mərkəzi Aran", "Central Aran", "Центральный Аран"),
    ("ER-MMG", "Mil-Muğan", "Mil-Mughan", "Миль-Муган"),
    ("ER-SZQ", "Şəki-Zaqatala", "Shaki-Zagatala", "Шеки-Закатала"),
    ("ER-SZZ", "Şərqi Zəngəzur", "East Zangezur", "Восточный Зангезур"),
    ("ER-SSL", "Şirvan-Salyan", "Shirvan-Salyan", "Ширван-Сальян"),
]

# Registry rows whose ISO code is not found by name, and the product's own codes where ISO has none.
CODE_OVERRIDES = {
    ("Lənkəran", "rayon"): "AZ-LAN",
    ("Lənkəran (şəhər)", "city"): "AZ-LA",
    ("Şəki", "rayon"): "AZ-SAK",
    ("Şəki (şəhər)", "city"): "AZ-SA",
    ("Yevlax", "rayon"): "AZ-YEV",
    ("Yevlax (şəhər)", "city"): "AZ-YE",
    ("Şuşa", "rayon"): "AZ-SUS",
    ("Naxçıvan", "city"): "AZ-NV",
    ("Kəngərli", "rayon"): "AZ-KAN",
    # Not in ISO 3166-2:AZ: product codes with the AZX- prefix (documented in docs/DATA.md).
    ("Ağdərə", "rayon"): "AZX-AGD",
    ("Şuşa (şəhər)", "city"): "AZX-SS",
}
# Cities counted inside a district in the SSC 2026 population series.
STAT_PARENT = {"AZ-LA": "AZ-LAN", "AZ-SA": "AZ-SAK", "AZ-YE": "AZ-YEV", "AZX-SS": "AZ-SUS"}
# Former names still met in files and old sources (shown to the user with the current name).
OLD_NAMES = {
    "AZ-GYG": ["Xanlar", "Khanlar", "Ханлар"],
    "AZ-SBN": ["Dəvəçi", "Davachi", "Divichi", "Дивичи", "Девечи"],
    "AZ-HAC": ["Qazıməmməd", "Kazi-Magomed"],
    "AZ-SR": ["Əli Bayramlı", "Ali-Bayramly", "Али-Байрамлы"],
    "AZ-XA": ["Stepanakert", "Степанакерт"],
    "AZ-SMX": ["Samukh"],
    "AZ-NA": ["Naftalan city"],
}


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).replace("ǝ", "ə").replace("Ǝ", "Ə").strip()


def iso_codes() -> dict[str, list[tuple[str, str]]]:
    """Azerbaijani name -> [(ISO code, type)] from pycountry."""
    import pycountry

    out: dict[str, list[tuple[str, str]]] = {}
    for s in pycountry.subdivisions.get(country_code="AZ"):
        out.setdefault(_fold(s.name), []).append((s.code, s.type))
    return out


def build(shared: Path) -> None:
    """Write the three registry files."""
    decree_src = source_id(DECREE_URL)
    regions = [
        {"code": c, "name_az": az, "name_en": en, "name_ru": ru, "sort_order": i + 1, "source_id": decree_src}
        for i, (c, az, en, ru) in enumerate(ECONOMIC_REGIONS)
    ]
    region_by_az = {r["name_az"]: r["code"] for r in regions}
    isos = iso_codes()
    rows, aliases = [], []
    for r in read_csv(shared / "districts.csv"):
        name, kind = _fold(r["name_az"]), r["type"]
        code = CODE_OVERRIDES.get((name, kind))
        if code is None:
            cands = isos.get(name, [])
            want = "Municipality" if kind == "city" else "Rayon"
            cands = [c for c, t in cands if t == want] or [c for c, _ in cands]
            if len(cands) != 1:
                raise SystemExit(f"no unique ISO code for {name!r} ({kind}): {cands}")
            code = cands[0]
        iso = None if code.startswith("AZX-") else code
        has_pop26 = bool(r["population_2026"].strip())
        row = {
            "code": code,
            "iso_code": iso or "",
            "name_az": name,
            "name_en": r["name_en"],
            "name_ru": r["name_ru"],
            "kind": kind,
            "economic_region_code": region_by_az[r["economic_region_az"]],
            "stat_parent_code": STAT_PARENT.get(code, ""),
            "population": r["population_2026"] if has_pop26 else "",
            "population_date": r["population_2026_date"] if has_pop26 else "",
            "population_source_id": source_id(r["population_2026_source_url"]) if has_pop26 else "",
            "population_note": r["population_2026_note"],
            "population_alt": r["population"],
            "population_alt_date": r["population_year"],
            "population_alt_source_id": source_id(r["source_url"]) if r["source_url"] else "",
            "shape_status": "none" if code == "AZX-AGD" else "own",
            "shape_note": (
                "Re-created in December 2023; the Natural Earth admin-1 source has no polygon of its own for it "
                "(its territory lies inside neighbouring polygons)."
                if code == "AZX-AGD"
                else ""
            ),
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
        for old in OLD_NAMES.get(code, []):
            if old not in seen:
                seen.add(old)
                aliases.append(
                    {"alias": old, "district_code": code, "kind": "old_name", "note": f"former name; now {name}"}
                )
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit("duplicate district codes")
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(REFERENCE_DIR / "economic_regions.csv", regions, list(regions[0]))
    write_csv(REFERENCE_DIR / "districts.csv", rows, list(rows[0]))
    write_csv(REFERENCE_DIR / "district_aliases.csv", aliases, ["alias", "district_code", "kind", "note"])
    print(f"{len(regions)} regions, {len(rows)} districts, {len(aliases)} aliases")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=SHARED_REFERENCE)
    build(ap.parse_args().shared)
