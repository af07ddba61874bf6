"""The data version (data/version.py) changes with every stored change of the facts, in the same transaction, and
only then: an import, a rollback, a collegium freeze and its removal give a new one; a preview, a rejected import
and a read leave it as it was. Replicas key their caches on it (app_pages/ui/cache.py)."""

from datetime import date

import pytest

from data import importer, snapshots, version
from data.errors import ImportRejectedError

HEADER = "indicator,geo_level,geo,period,value,source,note\n"
GOOD = (HEADER + "children_in_institutions,district,Quba,2025,50,,\n").encode()
BAD = (HEADER + "no_such_indicator,district,Quba,2025,50,,\n").encode()


def test_every_write_gives_a_new_version_and_nothing_else_does(engine):
    seen = [version.current(engine)]
    assert seen[0], "a built database has a data version"

    def changed() -> bool:
        now = version.current(engine)
        new = now not in seen
        seen.append(now)
        return new

    checked = importer.check(engine, GOOD, "good.csv")
    importer.preview(engine, checked)
    assert not changed(), "a preview wrote the version"
    rejected = importer.check(engine, BAD, "bad.csv")
    with pytest.raises(ImportRejectedError):
        importer.commit(engine, rejected)
    assert not changed(), "a rejected import wrote the version"

    done = importer.commit(engine, checked, "someone")
    assert changed(), "an import kept the version"
    importer.rollback(engine, done.batch_id)
    assert changed(), "a rollback kept the version"
    snap = snapshots.save(engine, date(2026, 3, 1), {"version": 1, "rows": []}, ("reported",))
    assert changed(), "a freeze kept the version"
    snapshots.remove(engine, snap)
    assert changed(), "removing a snapshot kept the version"
