"""The observation summary (data/summary.py) on SQLite and PostgreSQL: after the build, after imports (new values,
values written over, part-year and stock rows, several statuses competing) and after their rollbacks,

- the stored summary equals the summary recomputed from every raw observation (an obvious pandas version of the
  rule), and
- every yearly table and every chart point built from the rows the summary names equals the one built from every
  observation, for every indicator and geography, every level and every choice of data statuses (the property
  the pages rely on: they read the summary instead of the raw rows).

And the few rows that decide where every series stands on a date (data.queries.deciding_observations, read by the
headline figures at every level instead of every observation) give the same progress as every observation; the
rows the data-quality rules read (data.queries.quality_observations and district_cells) the same report.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pandas as pd
import pytest
from sqlalchemy import select

from data import importer, queries, summary
from data import schema as s
from data.db import make_engine
from data.loader import build_database
from figures import frames
from metrics.figures import headline_figures, known_by
from metrics.network import with_register_counts
from metrics.progress import progress
from metrics.quality import COMPARED, quality_report
from metrics.series import classify

HEADER = "indicator,geo_level,geo,period,value,source,note\n"
STATUS_SETS = [c for n in range(1, 4) for c in combinations(s.DATA_STATUSES, n)]
LEVELS = ("country", "region", "district")
SQL_CHOICES = (s.DATA_STATUSES, ("reported", "official"))

# Yearly, part-year (month, quarter, half, range within a year), multi-year and dated rows of flows and stocks at
# district, region and country level, some competing with the demonstration rows of the same year.
FIRST = [
    "rehab_persons_served,district,AZ-BA,2024,900,Hesabat A,",
    "rehab_persons_served,district,AZ-BA,2025-Q1,200,Hesabat A,",
    "rehab_persons_served,district,AZ-BA,2025-H1,410,Hesabat A,",
    "rehab_persons_served,district,AZ-BA,2025-07,70,Hesabat A,",
    "rehab_persons_served,district,AZ-BAB,2025-01..2025-08,333,Hesabat A,",
    "rehab_persons_served,district,AZ-BAB,2023-07..2024-06,500,Hesabat A,",
    "dost_citizens_served,district,AZ-CUL,2025-12-23,44,Hesabat A,",
    "dost_citizens_served,district,AZ-CUL,2023,1234,Hesabat A,",
    "home_care_recipients,district,AZ-BA,2020-03,1700,Hesabat A,",
    "home_care_recipients,district,AZ-BA,2020-06,1750,Hesabat A,",
    "home_care_recipients,district,AZ-BA,2020-06-30,1760,Hesabat A,",
    "home_care_recipients,district,AZ-KAN,2024-01..2024-12,80,Hesabat A,",
    "children_in_institutions,district,AZ-ORD,2025,12,Hesabat A,",
    "children_in_institutions,region,ER-NAX,2025,90,Hesabat A,",
    "children_returned_to_families,country,AZ,2025-Q3,150,Hesabat A,",
]
SECOND = [
    "rehab_persons_served,district,AZ-BA,2024,950,Hesabat B,",  # written over (superseded)
    "rehab_persons_served,district,AZ-BA,2025-Q3,190,Hesabat B,",
    "home_care_recipients,district,AZ-BA,2020-06,1800,Hesabat B,",  # written over
    "children_in_institutions,district,AZ-ORD,2024,15,Hesabat B,",
    "dost_citizens_served,district,AZ-NV,2025-11,30,Hesabat B,",
]


def recomputed(engine) -> pd.DataFrame:
    """The summary from every current preferred observation, the obvious way (sort by the rule, keep the last)."""
    obs = queries.observations(engine)
    kinds = dict(zip(*[queries.indicators(engine)[c] for c in ("code", "kind")], strict=True))
    c = classify(obs, kinds).assign(observation_id=obs["id"].to_numpy())
    c = c[c["usable_annual"] | c["is_partial"] | ~c["is_flow"]]
    slot = ["indicator_code", "geo_level", "geo_code", "data_status", "year"]
    c = c.assign(
        stock_end=c["period_end"].where(~c["is_flow"]),
        full=c["is_full_year"] & c["is_flow"],
        flow_months=c["months"].where(c["is_flow"], 0),
        annual=c["is_full_year"] | ~c["is_flow"],
    )
    order = ["full", "flow_months", "period_end", "period_start", "observation_id"]
    best = c.sort_values(order).drop_duplicates([*slot, "stock_end"], keep="last")
    return best[["observation_id", *slot, "annual"]].sort_values("observation_id")


def stored(engine) -> pd.DataFrame:
    """The summary table as stored."""
    m = s.obs_summary
    cols = ["observation_id", "indicator_code", "geo_level", "geo_code", "data_status", "year", "annual"]
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(select(*[m.c[c] for c in cols])).all(), columns=cols)
    return df.assign(annual=df["annual"].astype(bool), year=df["year"].astype(int)).sort_values("observation_id")


def assert_summary_holds(engine) -> None:
    """Both properties of the module docstring."""
    pd.testing.assert_frame_equal(stored(engine).reset_index(drop=True), recomputed(engine).reset_index(drop=True),
                                  check_dtype=False)  # fmt: skip
    ind, src = queries.indicators(engine), queries.sources(engine)
    kinds = dict(zip(ind["code"], ind["kind"], strict=True))
    segments = queries.series_segments(engine)
    everything = queries.observations(engine)
    ids = yearly_ids(engine)
    for level in LEVELS:
        # Every choice of statuses on the rows the summary names (the SQL filter itself: two choices below).
        named_all = queries.summary_observations(engine, geo_level=level)
        for statuses in STATUS_SETS:
            what = f"{level} {statuses}"
            raw = everything[everything["geo_level"].eq(level) & everything["data_status"].isin(statuses)]
            named = named_all[named_all["data_status"].isin(statuses)]
            raw, named = raw.reset_index(drop=True), named.reset_index(drop=True)
            expected = frames.annual_table(raw, kinds, src)
            same(frames.annual_table(named[named["id"].isin(ids)], kinds, src), expected, what)
            same(frames.series_points(named, kinds, segments), frames.series_points(raw, kinds, segments), what)
            if statuses not in SQL_CHOICES:
                continue
            yearly = queries.summary_observations(engine, geo_level=level, statuses=statuses, annual=True)
            latest = queries.summary_observations(engine, geo_level=level, statuses=statuses, latest_year=True)
            newest = expected[expected.groupby("indicator_code")["year"].transform("max") == expected["year"]]
            same(yearly, named[named["id"].isin(ids)].reset_index(drop=True), what)
            same(frames.annual_table(latest, kinds, src), newest.reset_index(drop=True), what)
            years = queries.summary_years(engine, level, statuses)
            assert sorted(map(tuple, years[["indicator_code", "year"]].to_numpy().tolist())) == sorted(
                {(c, int(y)) for c, y in zip(expected["indicator_code"], expected["year"], strict=True)}
            ), what


def yearly_ids(engine) -> set[int]:
    """The ids of the observations the summary marks as usable for a yearly value."""
    with engine.connect() as conn:
        m = s.obs_summary
        return {r[0] for r in conn.execute(select(m.c.observation_id).where(m.c.annual.is_(True)))}


def same(got: pd.DataFrame, expected: pd.DataFrame, what: str) -> None:
    """Equal frames (two empty frames are equal whatever columns the empty case of a builder gives)."""
    if expected.empty:
        assert got.empty, what
        return
    pd.testing.assert_frame_equal(got, expected, obj=what)


def commit(engine, rows: list[str]) -> int:
    checked = importer.check(engine, (HEADER + "\n".join(rows) + "\n").encode(), "summary.csv")
    assert checked.ok, [p.message("en") for p in checked.errors]
    return importer.commit(engine, checked, "test").batch_id


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'summary.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_database")("summary")
    e = make_engine(url)
    build_database(e, demo=True)
    yield e
    e.dispose()


def test_the_summary_follows_build_imports_and_rollbacks(engine):
    assert_summary_holds(engine)
    after_build = stored(engine)
    first = commit(engine, FIRST)
    assert_summary_holds(engine)
    second = commit(engine, SECOND)
    obs = queries.observations(engine, include_superseded=True, statuses=("official",))
    assert obs["superseded_at"].notna().sum() == 2
    assert_summary_holds(engine)
    importer.rollback(engine, second, "test")
    assert_summary_holds(engine)
    importer.rollback(engine, first, "test")
    assert_summary_holds(engine)
    pd.testing.assert_frame_equal(stored(engine).reset_index(drop=True), after_build.reset_index(drop=True))


def test_a_region_scope_reads_only_its_rows(engine):
    """The summary's reads keep the region scope of data.queries: country rows and the scope's own."""
    commit(engine, FIRST)
    nax = tuple(queries.districts(engine, regions=("ER-NAX",))["code"])
    for level in LEVELS:
        rows = queries.summary_observations(engine, geo_level=level, regions=("ER-NAX",))
        allowed = {"country": {"AZ"}, "region": {"ER-NAX"}, "district": set(nax)}[level]
        assert set(rows["geo_code"]) <= allowed
        whole = queries.summary_observations(engine, geo_level=level)
        assert len(rows) == int(whole["geo_code"].isin(allowed).sum())


# ------------------------------------------------------------------------------ the rows deciding the headline figures

AS_OF_DATES = (date(2019, 12, 31), date(2024, 6, 30), date(2025, 8, 15), date(2025, 12, 31), date(2031, 1, 1))
# Rows after some of those dates, ties of period end with different starts, a flow over two years and a later
# part-year row with fewer months than an earlier one (2025-H1, then 2025-07 and 2025-Q3 above).
THIRD = [
    "rehab_persons_served,country,AZ,2025-08..2025-10,333,Hesabat C,",
    "rehab_persons_served,country,AZ,2025-10,111,Hesabat C,",
    "rehab_persons_served,country,AZ,2026,9000,Hesabat C,",
    "rehab_persons_served,district,AZ-BAB,2025-08,40,Hesabat C,",
    "rehab_persons_served,district,AZ-BAB,2025-12-20,5,Hesabat C,",  # a dated flow: the latest row, not part-year
    # a part-year row after the end of 2025: by then the series' latest part-year figure is still 2025's
    "rehab_persons_served,district,AZ-BAB,2026-02,45,Hesabat C,",
    "children_in_institutions,country,AZ,2025-08-20,1500,Hesabat C,",
    "children_in_institutions,district,AZ-ORD,2024-07..2025-06,14,Hesabat C,",
]


def assert_deciding_rows_decide(engine, regions=None, status_sets=STATUS_SETS) -> None:
    """metrics.progress at every level (and the headline figures built on it) is the same from the rows
    queries.deciding_observations names as from every observation, for every choice of data statuses and dates
    before, inside and after the data; the register's national counts added as the figures command does."""
    ind, tg = queries.indicators(engine), queries.targets(engine)
    fac = queries.facilities(engine)
    left_out = 0
    for statuses in status_sets:
        everything = queries.observations(engine, statuses=statuses, regions=regions)
        fs = queries.facility_status(engine, statuses=statuses)
        for as_of in AS_OF_DATES:
            what = f"{statuses} {as_of} {regions}"
            deciding = queries.deciding_observations(engine, statuses, as_of, regions)
            assert set(deciding["id"]) <= set(everything["id"]), what
            left_out += len(everything) - len(deciding)
            for frame in (deciding, everything):
                assert frame["data_status"].isin(statuses).all(), what
            o_all, t = known_by(with_register_counts(everything, fac, fs, as_of), tg, as_of)
            o_dec, _ = known_by(with_register_counts(deciding, fac, fs, as_of), tg, as_of)
            same(progress(ind, t, o_dec, geo_level=None), progress(ind, t, o_all, geo_level=None), what)
    assert left_out > 0  # the rows that cannot decide are left out
    as_of = AS_OF_DATES[2]
    got = headline_figures(ind, tg, queries.deciding_observations(engine, as_of=as_of, regions=regions), as_of, "en")
    want = headline_figures(ind, tg, queries.observations(engine, regions=regions), as_of, "en")
    same(got, want, "headline figures")


def test_the_deciding_rows_give_every_series_standing(engine):
    commit(engine, FIRST)
    commit(engine, SECOND)
    third = commit(engine, THIRD)
    # A part-year figure of a less certain status after the official ones (imports are official): the latest
    # part-year figure is the latest, whatever its status.
    o = s.observations
    with engine.begin() as conn:
        row = conn.execute(select(o).where(o.c.batch_id == third, o.c.period == "2025-08")).mappings().one()
        later = {**row, "period": "2025-11", "period_start": date(2025, 11, 1), "period_end": date(2025, 11, 30),
                 "data_status": "reported", "batch_id": None, "source_id": None}  # fmt: skip
        conn.execute(o.insert().values({k: v for k, v in later.items() if k != "id"}))
    assert_deciding_rows_decide(engine)
    assert_deciding_rows_decide(engine, ("ER-NAX", "ER-ABS"), SQL_CHOICES)
    importer.rollback(engine, third, "test")
    assert_deciding_rows_decide(engine, status_sets=SQL_CHOICES)


# ---------------------------------------------------------------------------------- the rows the quality rules read

RULES = {"negative", "share_range", "part_exceeds_whole", "outlier", "districts_vs_total", "missing_district",
         "missing_year"}  # fmt: skip
# Rows out of range, some behind a more certain figure of the same period (which the rules judge instead), parts
# above their whole (a year; a quarter: no yearly figure), and a negative flow over two years (no chart shows it;
# the rule still reads it).
ODD = [
    ("rehab_persons_served", "AZ-BA", "2025-05", date(2025, 5, 1), date(2025, 5, 31), -5.0, "demonstration"),
    ("dost_citizens_served", "AZ-NV", "2025-06", date(2025, 6, 1), date(2025, 6, 30), -7.0, "demonstration"),
    ("dost_citizens_served", "AZ-NV", "2025-06", date(2025, 6, 1), date(2025, 6, 30), 60.0, "reported"),
    ("rehab_persons_served", "AZ-BAB", "2021-07..2022-06", date(2021, 7, 1), date(2022, 6, 30), -3.0, "reported"),
    ("dost_satisfaction", "AZ-CUL", "2025-06-30", date(2025, 6, 30), date(2025, 6, 30), 130.0, "demonstration"),
    ("dost_satisfaction", "AZ-CUL", "2025-06-30", date(2025, 6, 30), date(2025, 6, 30), 95.0, "official"),
    ("dost_satisfaction", "AZ-NV", "2024-12-31", date(2024, 12, 31), date(2024, 12, 31), 101.0, "reported"),
    ("rehab_persons_inpatient", "AZ-BA", "2024", date(2024, 1, 1), date(2024, 12, 31), 5000.0, "reported"),
    ("rehab_persons_outpatient", "AZ-BA", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31), 500.0, "official"),
]


def store_odd_rows(engine) -> None:
    """Write ODD as stored rows (the import would refuse some of them), the summary refreshed as an import does."""
    with engine.begin() as conn:
        for code, geo, period, start, end, value, status in ODD:
            conn.execute(s.observations.insert().values(
                indicator_code=code, geo_level="district", geo_code=geo, period=period, period_start=start,
                period_end=end, period_type="date" if start == end else "range", value=value, data_status=status,
                is_preferred=True,
            ))  # fmt: skip
        summary.refresh_all(conn)


def assert_quality_rows_report(engine, regions=None, status_sets=STATUS_SETS) -> set[str]:
    """The data-quality report is the same from the rows queries.quality_observations names (with the district
    cells of queries.district_cells) as from every observation, for every choice of data statuses."""
    ind, dist = queries.indicators(engine), queries.districts(engine, regions=regions)
    left_out, rules = 0, set()
    for statuses in status_sets:
        what = f"{statuses} {regions}"
        everything = queries.observations(engine, statuses=statuses, regions=regions)
        rows = queries.quality_observations(engine, statuses, regions, COMPARED)
        assert set(rows["id"]) <= set(everything["id"]), what
        left_out += len(everything) - len(rows)
        want = quality_report(everything, ind, dist)
        got = quality_report(rows, ind, dist, cells=queries.district_cells(engine, statuses, regions))
        same(got, want, what)
        rules |= set(want["rule"])
    assert left_out > 0  # the rows no rule reads are left out
    return rules


def test_the_quality_rows_give_the_whole_report(engine):
    commit(engine, FIRST)
    commit(engine, SECOND)
    third = commit(engine, THIRD)
    store_odd_rows(engine)
    assert assert_quality_rows_report(engine) >= RULES  # every rule found something in some choice
    assert_quality_rows_report(engine, ("ER-NAX", "ER-ABS"), SQL_CHOICES)
    importer.rollback(engine, third, "test")
    assert_quality_rows_report(engine, status_sets=SQL_CHOICES)
