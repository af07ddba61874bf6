"""Import (data stewards): the template, a file's problems or its preview, the commit, and the import history
with a one-step rollback. All the work is done by data.importer (the same code path as the command line)."""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from app_pages.ui import auth, cache, downloads, state
from app_pages.ui.i18n import lang, num, period, t
from data import importer
from data.config import max_upload_bytes
from data.errors import DataError
from data.importer.guard import record_failure, user_lock
from data.importer.plan import CHANGED, NEW, UNCHANGED

CHECKED_KEY = "import.checked"
DONE_KEY = "import.done"
ROLLED_BACK_KEY = "import.rolled_back"

st.title(t("import.title"))
st.caption(t("import.intro"))
state.sync_url()
engine = cache.engine()
lg = lang()
if not auth.require_write("import"):  # no provider and not on loopback: no import, no rollback
    st.stop()


def show_error(e: DataError) -> None:
    """A domain error, translated."""
    st.error(t(e.key, message=str(e), **e.params))


T = TypeVar("T")
FAILED = object()  # what guarded() returns when the call failed (the message is shown)


def lock_owner() -> str:
    """Who holds the import lock for this session: the signed-in user (or the local user), else the session."""
    u = auth.user()
    if u is not None and u.subject:
        return u.subject
    return st.session_state.setdefault("import.session_id", f"session:{uuid.uuid4().hex}")


def guarded(fn: Callable[[], T]) -> T | object:
    """Run an import step under the user's import lock: a domain error is shown translated, anything else as a
    plain notice with a reference (the traceback goes to the log, never to the page)."""
    try:
        with user_lock(lock_owner(), engine):
            return fn()
    except DataError as e:
        show_error(e)
    except Exception as e:  # noqa: BLE001 - no user ever sees a traceback
        st.error(t("import.internal_error", ref=record_failure(e)))
    return FAILED


def csv_download(df: pd.DataFrame, label: str, name: str, key: str) -> None:
    """A CSV download of a table (text cells defused for spreadsheets)."""
    st.download_button(
        label,
        downloads.csv_bytes(df),
        file_name=name,
        mime=downloads.CSV_MIME,
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


# ---------------------------------------------------------------------------------------------- template
with st.expander(t("import.template.title"), expanded=True):
    st.write(t("import.template.text"))
    c1, c2, c3, _ = st.columns([1, 1, 1, 2])
    with c1:
        st.download_button(
            t("import.template.xlsx"),
            data=lambda: importer.template_xlsx(engine, lg),
            file_name=f"import_template_{lg}.xlsx",
            mime=downloads.XLSX_MIME,
            key="import.template.xlsx",
            on_click="ignore",
            icon=":material/table_view:",
        )
    with c2:
        st.download_button(
            t("import.template.csv"),
            data=importer.template_csv(lg),
            file_name="import_template.csv",
            mime=downloads.CSV_MIME,
            key="import.template.csv",
            on_click="ignore",
            icon=":material/download:",
        )
    with c3:
        st.download_button(
            t("import.template.lists_csv"),
            data=lambda: importer.lists_csv(engine, lg),
            file_name="import_template_lists.csv",
            mime=downloads.CSV_MIME,
            key="import.template.lists_csv",
            help=t("import.template.lists_csv_help"),
            on_click="ignore",
            icon=":material/list:",
        )

# ---------------------------------------------------------------------------------------------- upload
done = st.session_state.pop(DONE_KEY, None)
if done:
    st.success(
        t(
            "import.committed",
            batch=done["batch"],
            new=num(done["new"]),
            changed=num(done["changed"]),
            unchanged=num(done["unchanged"]),
            facilities=num(done["facilities_new"]),
        )
    )
    st.page_link("app_pages/map.py", label=t("import.see_map"), icon=":material/map:")

limit_mb = max_upload_bytes() / 1048576
uploaded = st.file_uploader(
    t("import.upload"),
    type=["csv", "txt", "tsv", "xlsx", "xlsm"],
    key="import.file",
    help=t("import.upload_help", limit=num(limit_mb)),
)


def checked_file(content: bytes, name: str) -> importer.Checked | object:
    """The checked file, kept for the session while the same file is shown (only its records: the session
    holds one uploaded file, in the uploader)."""
    held = st.session_state.get(CHECKED_KEY)
    if held is None or held.sha256 != hashlib.sha256(content).hexdigest() or held.file_name != name:
        st.session_state.pop(CHECKED_KEY, None)  # the previous file's records go before the next is read
        with st.spinner(t("import.checking")):
            held = guarded(lambda: importer.check(engine, content, name))
        if held is FAILED:
            return FAILED
        st.session_state[CHECKED_KEY] = held
        auth.record(
            "import_dry_run",
            outcome="ok" if held.ok else "failed",
            target=name,
            detail={"sha256": held.sha256, "errors": len(held.errors), "notes": len(held.notes)},
        )
    return held


def show_problems(checked: importer.Checked) -> None:
    """The file's errors (it is rejected) and notes, with where each one is."""
    if checked.errors:
        st.error(t("import.rejected", count=num(len(checked.errors))))
    elif checked.notes:
        st.info(t("import.notes", count=num(len(checked.notes))))
    if not checked.problems:
        return
    table = importer.problems_table(checked.problems, lg)
    view = pd.DataFrame(
        {
            t("import.col.severity"): [t(f"import.severity.{x}") for x in table["severity"]],
            t("import.col.sheet"): table["sheet"],
            t("import.col.row"): table["row"],
            t("import.col.column"): table["column"],
            t("import.col.message"): table["message"],
        }
    )
    st.dataframe(view, hide_index=True, width="stretch", key="import.problems")
    csv_download(view, t("import.problems_download"), "import_problems.csv", "import.problems.csv")


def place_names() -> dict[str, str]:
    """Code -> name in the current language, for districts, regions and the country."""
    names = {"AZ": t("import.level.country_name")}
    for table in ("districts", "economic_regions"):
        df = cache.table(table)
        names.update(dict(zip(df["code"], df[f"name_{lg}"], strict=True)))
    return names


def observation_view(rows: pd.DataFrame) -> pd.DataFrame:
    """Observation rows of the plan with translated headers."""
    names = place_names()
    ind = cache.table("indicators").set_index("code")[f"name_{lg}"]
    return pd.DataFrame(
        {
            t("import.col.row"): rows["row"],
            t("import.col.indicator"): rows["indicator_code"].map(ind),
            t("import.col.place"): [f"{names.get(c, c)} ({c})" for c in rows["geo_code"]],
            t("import.col.period"): [period(p) for p in rows["period"]],
            t("import.col.value"): rows["value"],
            t("import.col.previous"): rows["previous_value"],
            t("import.col.previous_status"): [
                t(f"status.{x}") if isinstance(x, str) else "" for x in rows["previous_status"]
            ],
            t("import.col.source"): rows["source"],
            t("import.col.note"): rows["note"],
        }
    )


def status_view(rows: pd.DataFrame) -> pd.DataFrame:
    """Facility-status rows of the plan with translated headers."""
    return pd.DataFrame(
        {
            t("import.col.row"): rows["row"],
            t("import.col.facility"): rows["facility_code"],
            t("import.col.status"): [t(f"facility.status.{x}") for x in rows["status"]],
            t("import.col.date"): rows["status_date"],
            t("import.col.previous_status"): rows["previous_status"],
            t("import.col.source"): rows["source"],
            t("import.col.note"): rows["note"],
        }
    )


def show_plan(plan: importer.Plan) -> None:
    """The counts and the rows of the preview, changes first."""
    c = plan.counts
    cols = st.columns(4)
    for col, (label, value) in zip(
        cols,
        [
            (t("import.count.new"), c[NEW]),
            (t("import.count.changed"), c[CHANGED]),
            (t("import.count.unchanged"), c[UNCHANGED]),
            (t("import.count.facilities"), c["facilities_new"]),
        ],
        strict=True,
    ):
        col.metric(label, num(value))
    if c[CHANGED]:
        st.warning(t("import.changed_warning", count=num(c[CHANGED])))
    obs, sts = plan.observations, plan.statuses
    counts = {k: int((obs["change"] == k).sum() + (sts["change"] == k).sum()) for k in (CHANGED, NEW, UNCHANGED)}
    tabs = st.tabs(
        [f"{t(f'import.tab.{k}')} ({num(counts[k])})" for k in (CHANGED, NEW, UNCHANGED)]
        + [f"{t('import.tab.facilities')} ({num(len(plan.facilities))})"]
    )
    for tab, change in zip(tabs[:3], (CHANGED, NEW, UNCHANGED), strict=True):
        with tab:
            rows, status_rows = obs[obs["change"] == change], sts[sts["change"] == change]
            if rows.empty and status_rows.empty:
                st.caption(t("import.tab.empty"))
            if len(rows):
                st.dataframe(observation_view(rows), hide_index=True, width="stretch", key=f"import.preview.{change}")
            if len(status_rows):
                st.dataframe(
                    status_view(status_rows), hide_index=True, width="stretch", key=f"import.preview.status.{change}"
                )
    with tabs[3]:
        if plan.facilities.empty:
            st.caption(t("import.tab.empty"))
        else:
            cols = ["row", "code", "name_az", "network", "facility_type", "district_code", "location_basis"]
            st.dataframe(plan.facilities[cols], hide_index=True, width="stretch", key="import.preview.facilities")


def commit_area(checked: importer.Checked, plan: importer.Plan) -> None:
    """Who is importing, and the button that writes the file as one batch."""
    c = plan.counts
    nothing = c[NEW] + c[CHANGED] + c["facilities_new"] == 0
    if nothing:
        st.info(t("import.nothing_to_write"))
    st.caption(t("import.user_signed_in", name=auth.user().label))  # the batch records the session's user
    if st.button(t("import.commit"), type="primary", key="import.commit", disabled=nothing, icon=":material/save:"):
        result = guarded(lambda: importer.commit(engine, checked, auth.user().label, expected=plan.fingerprint))
        if result is FAILED:
            auth.record("import_commit", outcome="failed", target=checked.file_name)
            return
        auth.record(
            "import_commit",
            target=checked.file_name,
            detail={"batch": result.batch_id, "sha256": checked.sha256, **result.counts},
        )
        cache.clear()
        st.session_state.pop(CHECKED_KEY, None)
        st.session_state[DONE_KEY] = {"batch": result.batch_id, **result.counts}
        st.rerun()


if uploaded is None:
    st.session_state.pop(CHECKED_KEY, None)
else:
    checked = checked_file(uploaded.getvalue(), uploaded.name)
    if checked is not FAILED:
        show_problems(checked)
    if checked is not FAILED and checked.ok:
        st.subheader(t("import.preview.title"))
        st.caption(t("import.preview.caption"))
        current = guarded(lambda: importer.preview(engine, checked))
        if current is not FAILED:
            show_plan(current)
            commit_area(checked, current)

# ---------------------------------------------------------------------------------------------- history
st.subheader(t("import.history.title"))
rolled_back = st.session_state.pop(ROLLED_BACK_KEY, None)
if rolled_back:
    st.success(t("import.rollback.done", batch=rolled_back))
history = importer.batches(engine, limit=100)
if history.empty:
    st.caption(t("import.history.none"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("import.col.batch"): history["id"],
                t("import.col.when"): history["created_at"],
                t("import.col.user"): history["user_name"],
                t("import.col.file"): history["file_name"],
                t("import.count.new"): history["rows_new"],
                t("import.count.changed"): history["rows_changed"],
                t("import.count.unchanged"): history["rows_unchanged"],
                t("import.count.facilities"): history["facilities_new"],
                t("import.col.batch_status"): [t(f"import.batch_status.{x}") for x in history["status"]],
                t("import.col.rolled_back_at"): history["rolled_back_at"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="import.history",
    )
    committed = history[history["status"] == "committed"]
    if len(committed):
        labels = {
            int(r["id"]): t(
                "import.rollback.option", batch=int(r["id"]), file=r["file_name"], when=str(r["created_at"])[:16]
            )
            for r in committed.to_dict("records")
        }
        chosen = st.selectbox(
            t("import.rollback.choose"), list(labels), format_func=labels.get, key="import.rollback.batch"
        )
        sure = st.checkbox(t("import.rollback.confirm"), key="import.rollback.confirm")
        if st.button(t("import.rollback.button"), key="import.rollback.go", disabled=not sure, icon=":material/undo:"):
            undone = guarded(lambda: importer.rollback(engine, int(chosen), auth.user().label))
            if undone is FAILED:
                auth.record("import_rollback", outcome="failed", target=str(chosen))
            else:
                auth.record("import_rollback", target=str(chosen), detail={"batch": int(chosen)})
                cache.clear()
                st.session_state.pop(CHECKED_KEY, None)
                st.session_state[ROLLED_BACK_KEY] = int(chosen)
                st.rerun()
