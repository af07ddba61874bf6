"""The region scope of data.queries on SQLite and PostgreSQL: with `regions`, no row below the country level of
any other region leaves the database. Checked as a rule over every economic region, against a slow obvious
version computed in pandas from the unscoped tables."""

import pandas as pd
import pytest

from data import queries

FROZEN = ("reported", "official", "demonstration")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request):
    return request.getfixturevalue("reference_engine" if request.param == "sqlite" else "pg_engine")


def _region_sets(engine) -> list[tuple[str, ...]]:
    codes = queries.economic_regions(engine)["code"].tolist()
    return [(c,) for c in codes] + [tuple(codes[:2]), tuple(codes[3:6]), ()]


def _expected_observation_ids(obs: pd.DataFrame, districts: pd.DataFrame, facilities: pd.DataFrame, regions) -> set:
    """The slow obvious version: the geography of every row looked up in the unscoped tables."""
    region_of_district = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
    region_of_facility = {
        f: region_of_district.get(d) for f, d in zip(facilities["code"], facilities["district_code"], strict=True)
    }
    keep = set()
    for row in obs[["id", "geo_level", "geo_code"]].itertuples(index=False):
        region = {
            "country": None,
            "region": row.geo_code,
            "district": region_of_district.get(row.geo_code),
            "facility": region_of_facility.get(row.geo_code),
        }[row.geo_level]
        if row.geo_level == "country" or region in regions:
            keep.add(row.id)
    return keep


def test_observations_keep_only_national_rows_and_the_scope(engine):
    every = queries.observations(engine, statuses=FROZEN)
    districts = queries.districts(engine)
    facilities = queries.facilities(engine)
    assert set(every["geo_level"]) >= {"country", "district"}, "the reference data should span levels"
    for regions in _region_sets(engine):
        got = queries.observations(engine, statuses=FROZEN, regions=regions)
        assert set(got["id"]) == _expected_observation_ids(every, districts, facilities, regions), regions
        assert queries.observation_count(engine, regions=regions) == len(
            _expected_observation_ids(
                queries.observations(engine, preferred_only=False), districts, facilities, regions
            )
        )


def test_no_district_row_of_another_region_for_any_region(engine):
    districts = queries.districts(engine)
    region_of = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
    for regions in _region_sets(engine):
        got = queries.observations(engine, statuses=FROZEN, geo_level="district", regions=regions)
        assert {region_of[c] for c in got["geo_code"]} <= set(regions)
        assert set(queries.districts(engine, regions=regions)["economic_region_code"]) <= set(regions)


def test_districts_facilities_status_and_catchment_follow_the_scope(engine):
    districts = queries.districts(engine)
    facilities = queries.facilities(engine)
    status = queries.facility_status(engine)
    catchment = queries.facility_catchment(engine)
    region_of = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
    facility_region = {f: region_of[d] for f, d in zip(facilities["code"], facilities["district_code"], strict=True)}
    for regions in _region_sets(engine):
        rs = set(regions)
        d = queries.districts(engine, regions=regions)
        assert set(d["code"]) == {c for c, r in region_of.items() if r in rs}
        # population_exclusive is computed within the scope: equal to the national figure for every kept row
        whole = districts.set_index("code")["population_exclusive"]
        assert (d.set_index("code")["population_exclusive"] == whole.loc[d["code"]]).all()
        f = queries.facilities(engine, regions=regions)
        assert set(f["code"]) == {c for c, r in facility_region.items() if r in rs}
        s = queries.facility_status(engine, regions=regions)
        assert set(s["id"]) == set(status.loc[status["facility_code"].map(facility_region).isin(rs), "id"])
        c = queries.facility_catchment(engine, regions=regions)
        expected = catchment[
            catchment["district_code"].map(region_of).isin(rs)
            & catchment["facility_code"].map(facility_region).isin(rs)
        ]
        assert len(c) == len(expected)


def test_no_scope_is_the_whole_country(engine):
    assert len(queries.observations(engine, regions=None)) == len(queries.observations(engine))
    assert len(queries.districts(engine, regions=None)) == len(queries.districts(engine))


def test_keep_regions_filters_computed_frames():
    df = pd.DataFrame(
        {"geo_level": ["country", "region", "region"], "geo_code": ["AZ", "ER-BAK", "ER-NAX"], "v": [1, 2, 3]}
    )
    out = queries.keep_regions(df, ("ER-NAX",), region_column="geo_code", level_column="geo_level")
    assert out["geo_code"].tolist() == ["AZ", "ER-NAX"]
    assert queries.keep_regions(df, None, region_column="geo_code") is df
    assert queries.keep_regions(df, (), region_column="geo_code").empty


def test_region_and_facility_rows_follow_the_scope(tmp_path):
    """Region- and facility-level rows (none in the reference data yet) are scoped by the same rule."""
    from sqlalchemy import insert, select

    from data import schema as s
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{tmp_path / 'levels.sqlite3'}")
    build_database(engine, demo=False)
    districts = queries.districts(engine)
    facilities = queries.facilities(engine)
    region_of = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
    with engine.begin() as conn:
        template = dict(conn.execute(select(s.observations).limit(1)).mappings().one())
        template.pop("id")
        for level, code in [("region", "ER-NAX"), ("region", "ER-BAK")] + [
            ("facility", c) for c in facilities["code"].head(40)
        ]:
            conn.execute(insert(s.observations).values({**template, "geo_level": level, "geo_code": code}))
    every = queries.observations(engine, statuses=FROZEN)
    for regions in [("ER-NAX",), ("ER-BAK",), tuple(sorted({region_of[d] for d in facilities["district_code"]}))[:3]]:
        got = queries.observations(engine, statuses=FROZEN, regions=regions)
        assert set(got["id"]) == _expected_observation_ids(every, districts, facilities, regions)
        assert set(got.loc[got["geo_level"] == "region", "geo_code"]) <= set(regions)
    engine.dispose()


def _expected_sources(engine, regions) -> set:
    """The slow obvious version of the scoped source list: every source, less those cited only by rows of other
    regions (every row of every table that cites a source, its geography looked up in pandas)."""
    from sqlalchemy import select

    from data import schema as s

    def read(table) -> pd.DataFrame:
        with engine.connect() as conn:
            return pd.read_sql(select(table), conn)

    districts, facilities = read(s.districts), read(s.facilities)
    region_of_district = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
    region_of_facility = {
        f: region_of_district.get(d) for f, d in zip(facilities["code"], facilities["district_code"], strict=True)
    }
    seen, foreign = set(), set()

    def cite(source, inside: bool) -> None:
        if isinstance(source, str) and source:
            (seen if inside else foreign).add(source)

    for r in read(s.observations).itertuples(index=False):
        region = {"region": r.geo_code, "district": region_of_district.get(r.geo_code),
                  "facility": region_of_facility.get(r.geo_code)}.get(r.geo_level)  # fmt: skip
        cite(r.source_id, r.geo_level == "country" or region in regions)
    for r in districts.itertuples(index=False):
        for column in ("population_source_id", "population_alt_source_id"):
            cite(getattr(r, column), r.economic_region_code in regions)
        cite(r.economic_region_source_id, True)
    for r in read(s.facility_status).itertuples(index=False):
        cite(r.source_id, region_of_facility.get(r.facility_code) in regions)
    for r in read(s.facility_catchment).itertuples(index=False):
        cite(r.source_id, region_of_district.get(r.district_code) in regions
             and region_of_facility.get(r.facility_code) in regions)  # fmt: skip
    for table in (s.targets, s.goals, s.series_segments, s.networks, s.network_totals, s.economic_regions):
        for source in read(table)["source_id"]:
            cite(source, True)
    return set(read(s.sources)["id"]) - (foreign - seen)


def test_sources_cited_only_by_other_regions_are_left_out(engine):
    every = set(queries.sources(engine)["id"])
    assert queries.sources(engine, regions=None)["id"].tolist() == sorted(every)
    narrowed = False
    for regions in _region_sets(engine):
        got = set(queries.sources(engine, regions=regions)["id"])
        assert got == _expected_sources(engine, regions), regions
        narrowed = narrowed or got < every
    assert narrowed, "the reference data should have sources of one region only"
