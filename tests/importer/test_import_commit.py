"""Preview, commit, history and rollback on SQLite and PostgreSQL: one transaction, nothing lost, nothing silent."""

import threading

import pandas as pd
import pytest
from importfx import PROBLEMS, VALID, snapshot
from sqlalchemy import select

from data import importer, queries
from data import schema as s
from data.errors import (
    BatchAlreadyRolledBackError,
    BatchNotFoundError,
    ImportRejectedError,
    PreviewOutdatedError,
    RollbackBlockedError,
)
from data.importer import store as commit_module
from data.loader import build_database

HEADER = "indicator,geo_level,geo,period,value,source,note\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def checked(engine, content: bytes, name: str = "file.csv") -> importer.Checked:
    result = importer.check(engine, content, name)
    assert result.ok, [p.message("en") for p in result.errors]
    return result


def fixture(engine, name: str) -> importer.Checked:
    return checked(engine, (VALID / name).read_bytes(), name)


def official(engine, include_superseded: bool = False) -> pd.DataFrame:
    obs = queries.observations(engine, statuses=("official",), include_superseded=include_superseded)
    return obs.sort_values(["indicator_code", "geo_code", "period", "id"]).reset_index(drop=True)


def test_preview_then_commit_writes_one_batch(engine):
    before = snapshot(engine)
    c = fixture(engine, "observations_utf8.csv")
    plan = importer.preview(engine, c)
    assert plan.counts == {"new": 7, "changed": 0, "unchanged": 0, "facilities_new": 0}
    assert snapshot(engine) == before, "the preview wrote something"

    done = importer.commit(engine, c, "Aygün Məmmədova", expected=plan.fingerprint)
    batch = importer.batches(engine).iloc[0]
    assert (batch["id"], batch["user_name"], batch["file_name"], batch["file_sha256"], batch["status"]) == (
        done.batch_id,
        "Aygün Məmmədova",
        "observations_utf8.csv",
        c.sha256,
        "committed",
    )
    assert (batch["rows_new"], batch["rows_changed"], batch["rows_unchanged"], batch["facilities_new"]) == (7, 0, 0, 0)
    obs = official(engine)
    assert len(obs) == 7
    assert (obs["batch_id"] == done.batch_id).all() and obs["recorded_at"].notna().all()
    assert obs.set_index("geo_code").loc["AZ-GYG", "value"] == 33.0  # Xanlar -> Göygöl
    # Rows with a source name it; rows without one cite the batch's own source (the file).
    titles = dict(zip(obs["geo_code"], obs["source_title"], strict=True))
    assert titles["AZ-ABS"] == "ƏƏSMN hesabatı 2025"
    assert titles["AZ-SBN"] == "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi: observations_utf8.csv"
    after = snapshot(engine)
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"observations", "obs_summary", "sources", "import_batches"}  # the summary in the same commit


def test_committed_rows_hold_what_the_plan_says_and_nothing_of_its_own_columns(engine):
    """The stored columns are the plan's columns the tables have: official, preferred, no published text."""
    done = importer.commit(engine, checked(engine, csv("children_in_institutions,district,Quba,2025,50,,a note")))
    with engine.connect() as conn:
        row = conn.execute(select(s.observations).where(s.observations.c.batch_id == done.batch_id)).mappings().one()
    assert (row["value"], row["value_text"], row["value_rule"], row["note"]) == (50.0, None, None, "a note")
    assert (row["data_status"], row["is_preferred"], row["superseded_at"]) == ("official", True, None)
    assert row["source_id"].startswith(f"src_b{done.batch_id}_")


def test_a_changed_value_keeps_its_earlier_version(engine):
    first = importer.commit(engine, checked(engine, csv("children_in_institutions,district,Quba,2025,50,,")))
    c = checked(
        engine, csv("children_in_institutions,district,Quba,2025,55,,", "children_in_institutions,,Qusar,2025,8,,")
    )
    plan = importer.preview(engine, c)
    rows = plan.observations.set_index("geo_code")
    assert rows.loc["AZ-QBA", ["change", "previous_value", "previous_status"]].tolist() == ["changed", 50.0, "official"]
    assert rows.loc["AZ-QUS", "change"] == "new"
    second = importer.commit(engine, c, expected=plan.fingerprint)
    current = official(engine)
    assert current.set_index("geo_code").loc["AZ-QBA", "value"] == 55.0
    history = official(engine, include_superseded=True)
    quba = history[history["geo_code"] == "AZ-QBA"].sort_values("id")
    assert quba["value"].tolist() == [50.0, 55.0]
    assert quba["batch_id"].tolist() == [first.batch_id, second.batch_id]
    assert quba["superseded_at"].notna().tolist() == [True, False]
    with engine.connect() as conn:
        by = conn.execute(
            select(s.observations.c.superseded_by_batch).where(
                s.observations.c.value == 50.0, s.observations.c.geo_code == "AZ-QBA"
            )
        )
        assert by.scalar_one() == second.batch_id


def test_a_value_contradicting_stored_data_is_shown_as_a_change_never_applied_silently(engine):
    """The fixture pair valid/observations_utf8.csv then valid/observations_changed.csv: Abşeron 2025 was 120."""
    importer.commit(engine, fixture(engine, "observations_utf8.csv"), "first")
    before = snapshot(engine)
    c = fixture(engine, "observations_changed.csv")
    assert c.problems == []
    plan = importer.preview(engine, c)
    assert snapshot(engine) == before, "the preview wrote something"
    assert plan.counts == {"new": 1, "changed": 1, "unchanged": 1, "facilities_new": 0}
    rows = plan.observations[["row", "geo_code", "change", "value", "previous_value", "previous_status"]]
    assert rows.astype(object).where(rows.notna(), None).values.tolist() == [
        [2, "AZ-ABS", "changed", 126.0, 120.0, "official"],
        [3, "AZ-LAN", "unchanged", 85.0, 85.0, "official"],
        [4, "AZ-QUS", "new", 19.0, None, None],
    ]
    done = importer.commit(engine, c, "second", expected=plan.fingerprint)
    assert done.counts == {"new": 1, "changed": 1, "unchanged": 1, "facilities_new": 0}
    history = official(engine, include_superseded=True)
    absheron = history[history["geo_code"] == "AZ-ABS"].sort_values("id")
    assert absheron["value"].tolist() == [120.0, 126.0]  # the earlier version is kept
    assert absheron["superseded_at"].notna().tolist() == [True, False]
    assert len(history[history["geo_code"] == "AZ-LAN"]) == 1  # unchanged: not written again


def test_unchanged_rows_are_not_written_again(engine):
    content = csv("children_in_institutions,district,Quba,2025,50,,")
    importer.commit(engine, checked(engine, content))
    plan = importer.preview(engine, checked(engine, content))
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": 1, "facilities_new": 0}
    importer.commit(engine, checked(engine, content))
    assert len(official(engine, include_superseded=True)) == 1


def test_a_value_against_a_published_figure_is_shown_as_a_change(sqlite_engine):
    engine = sqlite_engine
    reported = queries.observations(engine, indicator_codes=["children_in_institutions"], statuses=("reported",))
    row = reported[reported["geo_level"] == "country"].iloc[-1]
    c = checked(engine, csv(f"children_in_institutions,country,AZ,{row['period']},{int(row['value']) + 100},,"))
    plan = importer.preview(engine, c)
    assert plan.observations[["change", "previous_value", "previous_status"]].values.tolist() == [
        ["changed", row["value"], "reported"]
    ]
    before = queries.observations(engine, statuses=("reported",), include_superseded=True)
    importer.commit(engine, c, expected=plan.fingerprint)
    # The published figure stays as it was (the official one takes precedence on the dashboard).
    pd.testing.assert_frame_equal(queries.observations(engine, statuses=("reported",), include_superseded=True), before)


@pytest.mark.parametrize("name", sorted(p.name for p in PROBLEMS.iterdir()))
def test_a_rejected_file_leaves_the_database_exactly_as_it_was(engine, name):
    before = snapshot(engine)
    c = importer.check(engine, (PROBLEMS / name).read_bytes(), name)
    assert not c.ok
    with pytest.raises(ImportRejectedError) as e:
        importer.commit(engine, c, "someone")
    assert e.value.params == {"count": len(c.errors)}
    with pytest.raises(ImportRejectedError):
        importer.preview(engine, c)
    assert snapshot(engine) == before


def test_a_failure_during_the_commit_writes_nothing(engine, monkeypatch):
    """All of the file or none of it: a failure after the observations were inserted undoes them too."""
    before = snapshot(engine)
    real = commit_module.insert_rows
    calls = []

    def failing(conn, table, frame, columns):
        real(conn, table, frame, columns)
        calls.append(table.name)
        if table is s.facility_status:
            raise RuntimeError("disk full")

    monkeypatch.setattr(commit_module, "insert_rows", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        importer.commit(engine, fixture(engine, "workbook.xlsx"))
    assert calls == ["observations", "facility_status"]
    assert snapshot(engine) == before


def test_commit_refuses_when_the_data_moved_since_the_preview(sqlite_engine):
    engine = sqlite_engine
    mine = checked(engine, csv("children_in_institutions,district,Quba,2025,50,,"))
    plan = importer.preview(engine, mine)
    importer.commit(engine, checked(engine, csv("children_in_institutions,district,Quba,2025,70,,")), "colleague")
    before = snapshot(engine)
    with pytest.raises(PreviewOutdatedError):
        importer.commit(engine, mine, "me", expected=plan.fingerprint)
    assert snapshot(engine) == before
    fresh = importer.preview(engine, mine)
    assert fresh.observations["change"].tolist() == ["changed"]  # now shown as a change against 70


def test_rollback_restores_exactly_what_was_there_before(engine):
    state0 = snapshot(engine, skip=("import_batches",))
    one = importer.commit(engine, fixture(engine, "workbook.xlsx"), "a")
    state1 = snapshot(engine, skip=("import_batches",))
    two_file = csv(
        "children_returned_to_families,district,Qəbələ,2025,15,,",
        "home_care_recipients,,Göygöl,2025-06,216,,",
        "adoptions,country,AZ,1995,900,,",
    )
    two = importer.commit(engine, checked(engine, two_file), "b")
    assert two.counts == {"new": 1, "changed": 2, "unchanged": 0, "facilities_new": 0}
    assert snapshot(engine, skip=("import_batches",)) != state1

    importer.rollback(engine, two.batch_id, "a")
    assert snapshot(engine, skip=("import_batches",)) == state1
    importer.rollback(engine, one.batch_id)
    assert snapshot(engine, skip=("import_batches",)) == state0

    history = importer.batches(engine).set_index("id")
    assert history.loc[[one.batch_id, two.batch_id], "status"].tolist() == ["rolled_back", "rolled_back"]
    assert history.loc[two.batch_id, "rolled_back_by"] == "a"
    assert history["rolled_back_at"].notna().all()
    with pytest.raises(BatchAlreadyRolledBackError):
        importer.rollback(engine, one.batch_id)
    with pytest.raises(BatchNotFoundError):
        importer.rollback(engine, 999)


def test_rollback_waits_for_the_batches_that_build_on_it(engine):
    one = importer.commit(engine, fixture(engine, "workbook.xlsx"))  # adds facility DOST-TEST-QAX
    status = "facility_code,status,status_date,source\nDOST-TEST-QAX,open,2026-05-01,Nazirlik\n"
    two = importer.commit(engine, checked(engine, status.encode(), "status.csv"))
    before = snapshot(engine)
    with pytest.raises(RollbackBlockedError) as e:
        importer.rollback(engine, one.batch_id)
    assert e.value.params == {"batch": one.batch_id, "later": two.batch_id}
    assert snapshot(engine) == before
    importer.rollback(engine, two.batch_id)
    importer.rollback(engine, one.batch_id)
    assert "DOST-TEST-QAX" not in set(queries.facilities(engine)["code"])


def test_imported_facility_is_placed_and_its_status_recorded(sqlite_engine):
    engine = sqlite_engine
    plan = importer.preview(engine, fixture(engine, "workbook.xlsx"))
    assert plan.counts == {"new": 7, "changed": 0, "unchanged": 0, "facilities_new": 1}
    importer.commit(engine, fixture(engine, "workbook.xlsx"), expected=plan.fingerprint)
    fac = queries.facilities(engine).set_index("code").loc["DOST-TEST-QAX"]
    assert (fac["district_code"], fac["location_basis"], fac["network"]) == ("AZ-QAX", "district_centroid", "dost")
    assert 41 < fac["lat"] < 42 and 46 < fac["lon"] < 47.5
    st = queries.facility_status(engine, statuses=("official",))
    assert st[["facility_code", "status", "status_date"]].values.tolist() == [
        ["DOST-MASALLI", "open", "2026-02-10"],
        ["DOST-TEST-QAX", "planned", "2025-03"],
        ["DOST-TEST-QAX", "under_construction", "2025-09-01"],
    ]


def test_reloading_the_reference_data_keeps_imported_rows(sqlite_engine):
    engine = sqlite_engine
    done = importer.commit(engine, fixture(engine, "workbook.xlsx"))
    imported = snapshot(engine)
    result = build_database(engine, demo=True, force=True)
    assert result["loaded"]
    again = snapshot(engine)
    for table in ("observations", "facility_status", "facilities", "sources"):
        key = s.metadata.tables[table].c.batch_id
        with engine.connect() as conn:
            rows = conn.execute(select(s.metadata.tables[table]).where(key == done.batch_id)).all()
        assert rows, table
    # Imported rows are untouched (reference rows are reloaded with new ids).
    ours = [r for r in again["observations"] if r[s.observations.c.keys().index("batch_id")] == done.batch_id]
    assert ours == [
        r for r in imported["observations"] if r[s.observations.c.keys().index("batch_id")] == done.batch_id
    ]
    assert again["facilities"] == imported["facilities"] and again["sources"] == imported["sources"]
    importer.rollback(engine, done.batch_id)
    assert not (queries.observations(engine, statuses=("official",))["batch_id"] == done.batch_id).any()


def run_together(*jobs):
    """Run the jobs in threads released at the same instant; return their results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except Exception as e:  # noqa: BLE001 - the test looks at it
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


@pytest.mark.postgres
def test_two_imports_at_the_same_time_lose_nothing(pg_fresh):
    engine = pg_fresh()
    districts = queries.districts(engine)["code"].tolist()
    files = [
        checked(engine, csv(*[f"children_in_institutions,district,{d},1996,{i},," for i, d in enumerate(part)]))
        for part in (districts[:40], districts[40:])
    ]
    for _round in range(3):
        results = run_together(*[lambda c=c: importer.commit(engine, c, "parallel") for c in files])
        assert all(isinstance(r, importer.Committed) for r in results), results
    rows = official(engine, include_superseded=True)
    assert len(rows) == len(districts)  # the first round wrote every row; the others found them unchanged
    assert importer.batches(engine)["rows_new"].sum() == len(districts)


def test_two_imports_of_the_same_figure_at_the_same_time(engine):
    """Both previewed 'new'; under the lock the second sees the first: refused (preview outdated) or, without a
    preview to honour, written as a change that keeps the first as history. Never two current values.
    (PostgreSQL: the advisory lock; SQLite: the write lock taken by the batch row, first thing.)"""
    a = checked(engine, csv("children_in_institutions,district,Quba,1995,1,,"))
    b = checked(engine, csv("children_in_institutions,district,Quba,1995,2,,"))
    plans = [importer.preview(engine, a), importer.preview(engine, b)]
    results = run_together(
        lambda: importer.commit(engine, a, expected=plans[0].fingerprint),
        lambda: importer.commit(engine, b, expected=plans[1].fingerprint),
    )
    assert sorted(type(r).__name__ for r in results) == ["Committed", "PreviewOutdatedError"]
    assert len(official(engine, include_superseded=True)) == 1

    results = run_together(lambda: importer.commit(engine, a), lambda: importer.commit(engine, b))
    assert all(isinstance(r, importer.Committed) for r in results), results
    current = official(engine)
    assert len(current[current["period"] == "1995"]) == 1
    history = official(engine, include_superseded=True)
    assert len(history) >= 2 and history["superseded_at"].isna().sum() == 1


def test_another_status_on_a_stored_day_is_a_change_and_the_stored_row_stays(sqlite_engine):
    engine = sqlite_engine
    content = b"facility_code,status,status_date,source\nDOST-MASALLI,open,2025-12-23,Nazirlik\n"
    c = checked(engine, content, "status.csv")
    plan = importer.preview(engine, c)
    assert plan.statuses[["change", "previous_status"]].values.tolist() == [["changed", "under_construction"]]
    importer.commit(engine, c, expected=plan.fingerprint)
    rows = queries.facility_status(engine)
    masalli = rows[(rows["facility_code"] == "DOST-MASALLI") & (rows["status_date"] == "2025-12-23")]
    assert masalli[["status", "data_status"]].values.tolist() == [
        ["under_construction", "reported"],
        ["open", "official"],
    ]
