"""Data quality: completeness, robust outliers and consistency rules, as one tidy table of findings.

A finding carries its message as a key (`message_key`: the template `quality.message.<key>`) and the numbers
the message needs; figures/sentences.py writes the message in a language.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.network import NETWORK_TYPES
from metrics.reconcile import register_findings
from metrics.series import GROUP, annual_series, classify, kind_map, kind_of, last_per, map_values

# The parameters of the messages besides indicator, geography, period, value and expected.
MESSAGE_PARAMS = ["z", "parts", "first", "last", "reported", "total"]
COLUMNS = ["rule", "indicator_code", "geo_level", "geo_code", "period", "severity", "value", "expected",
           "data_status", "message_key", *MESSAGE_PARAMS]  # fmt: skip
STATUS_ORDER = {"demonstration": 0, "reported": 1, "official": 2}  # the least certain status a finding rests on
SEVERITIES = ("error", "warning", "info")
OUTLIER_Z = 3.5  # |robust z| above this is an outlier
MAD_SCALE = 0.6745  # robust z = 0.6745 (x - median) / MAD (Iglewicz and Hoaglin)
OUTLIER_MIN_DISTRICTS = 5  # fewer districts in an indicator-year: no outlier test
SUM_TOLERANCE = 0.01  # districts may differ from their whole by 1 % (rounding) before a finding
PARTS_OF_WHOLE: dict[str, tuple[str, ...]] = {
    "rehab_persons_served": ("rehab_persons_inpatient", "rehab_persons_outpatient"),
}
# The indicators whose every row a rule compares (a whole and its parts, any period): read in full at any scale.
COMPARED = tuple(sorted({c for whole, parts in PARTS_OF_WHOLE.items() for c in (whole, *parts)}))
PER_RESIDENTS = 10_000
NOT_ADDITIVE = ("share", "ratio")


def _finding_status(findings: pd.DataFrame, cls: pd.DataFrame) -> np.ndarray:
    """The data status of the figure a finding is about: the one its rule gave (`data_status`: a yearly figure's,
    a sum of districts': the least certain of the summed figures and the whole), else the status of the figure
    stored under the finding's indicator, geography and period; None where the finding rests on no figure (a
    missing one)."""
    keys = ["indicator_code", "geo_level", "geo_code", "period"]
    own = cls.drop_duplicates(keys, keep="last").set_index(keys)["data_status"]
    given = findings["data_status"] if "data_status" in findings else pd.Series(None, index=findings.index)
    out = []
    for r, status in zip(findings[keys].itertuples(index=False), given, strict=True):
        if not isinstance(status, str):
            status = own.get((r.indicator_code, r.geo_level, r.geo_code, r.period))
        out.append(status if isinstance(status, str) else None)
    return np.array(out, dtype=object)


def _prepare(observations: pd.DataFrame, indicators: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classified observations (one per indicator, geography, period: the preferred status) and yearly series."""
    cls = classify(observations, kind_map(indicators))
    cls = last_per(cls, [*GROUP, "period_start", "period_end"], ["status_priority"])
    return cls, annual_series(cls)


def _findings(rule: str, severity: str, frame: pd.DataFrame, **extra: object) -> pd.DataFrame:
    """Findings of one rule: frame holds indicator_code, geo_level, geo_code, period, value, expected, ..."""
    return frame.assign(rule=rule, severity=severity, **extra)


@contracts.output(contracts.CompletenessOutput)
def completeness(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    expected_districts: pd.Series | None = None,
) -> pd.DataFrame:
    """Missing figures: district x year cells of district-level indicators, and national years in a series.

    A district-level indicator is expected from every district with a known population (default of
    expected_districts) in every year where at least one district has a figure. A district has a figure in a year
    when it has a row a chart can show in that year (a stock, share or ratio; a flow over the whole year or a part
    of it; not a flow over two years or on one date: data/summary.py keeps the same rows). A national series is
    expected every year between its first and last full-year (or stock) figure.
    """
    return _completeness(*_prepare(observations, indicators), indicators, districts, expected_districts)


def _district_cells(classified: pd.DataFrame) -> pd.DataFrame:
    """The district x year cells with a figure (completeness): indicator_code, year, geo_code, once each."""
    d = classified[(classified["geo_level"] == "district") & (classified["usable_annual"] | classified["is_partial"])]
    return d[["indicator_code", "year", "geo_code"]].drop_duplicates().reset_index(drop=True)


def _completeness(
    cls: pd.DataFrame,
    annual: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    expected_districts: pd.Series | None = None,
    cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """completeness on prepared frames; `cells`: _district_cells() of every observation, when `cls` holds fewer."""
    expected = expected_districts
    if expected is None:
        expected = districts.loc[pd.to_numeric(districts["population_exclusive"], errors="coerce") > 0, "code"]
    levels = indicators.set_index("code")["levels"].fillna("").astype(str)
    district_codes = [c for c, lv in levels.items() if "district" in lv.split(",")]
    have = _district_cells(cls) if cells is None else cells
    have = have[have["indicator_code"].isin(district_codes)][["indicator_code", "year", "geo_code"]]
    grid = (
        have[["indicator_code", "year"]]
        .drop_duplicates()
        .merge(pd.DataFrame({"geo_code": pd.unique(expected)}), how="cross")
    )
    gaps = grid.merge(have.assign(_have=True), on=["indicator_code", "year", "geo_code"], how="left")
    gaps = gaps[gaps["_have"].isna()]
    gaps = gaps.assign(geo_level="district", period=gaps["year"].astype(str), value=np.nan, expected=np.nan)
    nat = annual[annual["geo_level"] == "country"]
    span = nat.groupby("indicator_code")["year"].agg(["min", "max"])
    rows = [(c, y, int(r["min"]), int(r["max"])) for c, r in span.iterrows() for y in range(r["min"], r["max"] + 1)]
    years = pd.DataFrame(rows, columns=["indicator_code", "year", "first", "last"])
    years = years.merge(nat[["indicator_code", "year"]].assign(_have=True), on=["indicator_code", "year"], how="left")
    years = years[years["_have"].isna()]
    years = years.assign(geo_level="country", geo_code="AZ", period=years["year"].astype(str), value=np.nan)
    return pd.concat(
        [_findings("missing_district", "warning", gaps), _findings("missing_year", "info", years, expected=np.nan)],
        ignore_index=True,
    ).drop(columns=["_have"])


@contracts.output(contracts.OutliersOutput)
def outliers(
    observations: pd.DataFrame, indicators: pd.DataFrame, districts: pd.DataFrame, z: float = OUTLIER_Z
) -> pd.DataFrame:
    """District figures far from the other districts of the same indicator and year (robust z-score).

    Counts and stocks are compared per 10,000 residents (population_exclusive) where the population is known,
    shares as they are; a count without population is not compared. MAD = 0 or fewer than
    OUTLIER_MIN_DISTRICTS districts: no test.
    """
    return _outliers(_prepare(observations, indicators)[1], indicators, districts, z)


def _outliers(annual: pd.DataFrame, indicators: pd.DataFrame, districts: pd.DataFrame, z: float) -> pd.DataFrame:
    """outliers on the prepared yearly series."""
    a = annual[annual["geo_level"] == "district"]
    pop = pd.to_numeric(a["geo_code"].map(districts.set_index("code")["population_exclusive"]), errors="coerce")
    is_share = map_values(a["indicator_code"], kind_map(indicators), "count") == "share"
    per_capita = ~is_share & (pop > 0).to_numpy()
    a = a.assign(x=np.where(per_capita, a["value"] / pop * PER_RESIDENTS, a["value"]), per_capita=per_capita)
    a = a[is_share | per_capita]
    keys = [a["indicator_code"], a["year"]]
    med = a["x"].groupby(keys).transform("median")
    mad = (a["x"] - med).abs().groupby(keys).transform("median")
    n = a["x"].groupby(keys).transform("size")
    with np.errstate(divide="ignore", invalid="ignore"):
        score = MAD_SCALE * (a["x"] - med) / mad
    hit = (n >= OUTLIER_MIN_DISTRICTS) & (mad > 0) & (score.abs() > z)
    out = a[hit].assign(value=a["x"][hit], expected=med[hit], z=score[hit])
    cols = ["indicator_code", "geo_level", "geo_code", "period", "value", "expected", "z", "per_capita", "data_status"]
    return _findings("outlier", "warning", out[cols])


@contracts.output(contracts.ConsistencyOutput)
def consistency(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    parts_of_whole: dict[str, tuple[str, ...]] = PARTS_OF_WHOLE,
    tolerance: float = SUM_TOLERANCE,
) -> pd.DataFrame:
    """Rules every figure must keep: counts not negative, shares within 0-100, parts not above their whole,
    and districts adding up to their region's (and the country's) published figure.
    """
    cls, annual = _prepare(observations, indicators)
    return _consistency(cls, annual, indicators, districts, parts_of_whole, tolerance)


def _consistency(
    cls: pd.DataFrame,
    annual: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    parts_of_whole: dict[str, tuple[str, ...]] = PARTS_OF_WHOLE,
    tolerance: float = SUM_TOLERANCE,
) -> pd.DataFrame:
    """consistency on prepared frames."""
    keys = [*GROUP, "period"]
    is_share = cls["is_share"].to_numpy()
    unit = map_values(cls["indicator_code"], dict(zip(indicators["code"], indicators["unit"], strict=True)), "")
    share = is_share | (unit == "percent")
    value = cls["value"].to_numpy(float)
    found = [
        _findings("negative", "error", cls.loc[~share & (value < 0), [*keys, "value"]], expected=0.0),
        _findings("share_range", "error", cls.loc[share & ((value < 0) | (value > 100)), [*keys, "value"]],
                  expected=np.nan),
    ]  # fmt: skip
    on = ["geo_level", "geo_code", "period"]
    for whole, parts in parts_of_whole.items():
        w = cls.loc[cls["indicator_code"] == whole, [*keys, "value"]]
        p = cls[cls["indicator_code"].isin(parts)].groupby(on)["value"].sum().rename("parts").reset_index()
        m = w.merge(p, on=on, how="inner")
        bad = m[m["parts"] > m["value"] * (1 + tolerance)]
        bad = bad.assign(value=bad["parts"], expected=bad["value"]).drop(columns="parts")
        found.append(_findings("part_exceeds_whole", "error", bad, parts=" + ".join(parts)))
    found.append(_district_sums(annual, kind_map(indicators), districts, tolerance))
    return pd.concat(found, ignore_index=True)


def _district_sums(
    annual: pd.DataFrame, kinds: dict[str, str], districts: pd.DataFrame, tolerance: float
) -> pd.DataFrame:
    """Sums of district yearly figures against the region's and the country's published yearly figure.

    Shares and ratios do not add up and are not checked.
    A finding when the districts exceed the whole, or when every district reported and the sum differs. Its data
    status: the least certain of the summed district figures and the whole.
    """
    d = annual[(annual["geo_level"] == "district") & ~np.isin(kind_of(annual["indicator_code"], kinds), NOT_ADDITIVE)]
    d = d.assign(region=d["geo_code"].map(districts.set_index("code")["economic_region_code"]), country="AZ")
    d = d[d["region"].notna()]
    d = d.assign(_o=map_values(d["data_status"], STATUS_ORDER, 1))
    names = {v: k for k, v in STATUS_ORDER.items()}
    totals = {"region": districts.groupby("economic_region_code").size(), "country": pd.Series({"AZ": len(districts)})}
    found = []
    for level in ("region", "country"):
        g = d.groupby(["indicator_code", level, "year"])
        sums = g.agg(value=("value", "sum"), reported=("geo_code", "nunique"), _least=("_o", "min"))
        sums.index = sums.index.set_names(["indicator_code", "geo_code", "year"])
        whole = annual[annual["geo_level"] == level].set_index(["indicator_code", "geo_code", "year"])
        m = sums.join(whole[["value", "period", "data_status"]].rename(columns={"value": "expected"}), how="inner")
        m = m.reset_index()
        least = np.minimum(m["_least"].to_numpy(int), map_values(m["data_status"], STATUS_ORDER, 1))
        m["data_status"] = [names[int(x)] for x in least]
        m["total"] = m["geo_code"].map(totals[level]).astype("int64")
        over = m["value"] > m["expected"] * (1 + tolerance)
        off = (m["reported"] >= m["total"]) & ((m["value"] - m["expected"]).abs() > m["expected"].abs() * tolerance)
        found.append(m[over | off].assign(geo_level=level))
    return _findings("districts_vs_total", "warning", pd.concat(found, ignore_index=True).drop(columns="_least"))


@contracts.output(contracts.QualityReportOutput)
def quality_report(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    register: Mapping[str, pd.DataFrame] | None = None,
    cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every finding of every rule, errors first. Columns: rule, indicator_code, geo_level, geo_code, period,
    severity, value, expected, message_key (template quality.message.<key>) and its parameters (MESSAGE_PARAMS:
    robust z of an outlier, the parts of a whole, first and last year of a series, districts reported and total).

    register: the frames facilities, facility_status, network_totals and networks (data.queries); when given,
    the facility register's findings are added (metrics.reconcile.register_findings: a published total the
    register does not reproduce, a facility open before its network began).

    `observations` may be every current observation or only those the rules can read
    (data.queries.quality_observations) with `cells`, the district cells with a figure (_district_cells() of every
    observation; data.queries.district_cells): the same report either way.
    """
    cls, annual = _prepare(observations, indicators)
    parts = [
        _consistency(cls, annual, indicators, districts),
        _outliers(annual, indicators, districts, OUTLIER_Z),
        _completeness(cls, annual, indicators, districts, cells=cells),
    ]
    if register is not None:
        parts.append(
            register_findings(
                register["facilities"], register["facility_status"], register["network_totals"],
                register["networks"], NETWORK_TYPES,
            )
        )  # fmt: skip
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    f = pd.concat(parts, ignore_index=True)
    per_capita = f["per_capita"].fillna(False).to_numpy(bool) if "per_capita" in f else np.zeros(len(f), bool)
    raw = (f["rule"] == "outlier").to_numpy() & ~per_capita
    given = f["message_key"] if "message_key" in f else pd.Series(None, index=f.index, dtype=object)
    f["message_key"] = np.where(raw, "outlier_raw", given.fillna(f["rule"]).to_numpy(object))
    f = f.reindex(columns=[*f.columns, *(c for c in MESSAGE_PARAMS if c not in f.columns)])
    f["data_status"] = _finding_status(f, cls)
    f["_sev"] = map_values(f["severity"], {s: i for i, s in enumerate(SEVERITIES)}, len(SEVERITIES))
    f = f.sort_values(["_sev", "rule", "indicator_code", "geo_level", "geo_code", "period"], kind="stable")
    return f[COLUMNS].reset_index(drop=True)
