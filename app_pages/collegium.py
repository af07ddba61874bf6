"""Collegium meetings: freeze today's figures for a meeting, open presenter mode, download past decks."""

from datetime import date

import streamlit as st

from app_pages.ui import auth, cache, state
from app_pages.ui.i18n import LANGUAGE_LABELS, day, lang, md, t
from data import snapshots
from data.errors import DataError
from deck import export, images, source
from deck.errors import ExportError


def status_words(codes) -> str:
    """Data statuses in words ('reported, demonstration')."""
    return ", ".join(t(f"status.{s}") for s in codes if s)


state.sync_url()
images.warm_up()  # Chromium starts while the user reads the page: the first export is then faster

st.title(t("collegium.title"))
st.write(t("collegium.intro"))
statuses = state.statuses()

# Freeze: today's figures, exactly as the deck will show them, stored as one JSON payload.
st.subheader(t("collegium.freeze.title"))
with st.container(border=True, key="collegium_freeze"):
    meeting = st.date_input(t("collegium.freeze.date"), value=date.today(), format="DD.MM.YYYY", key="freeze_date")
    note = st.text_input(t("collegium.freeze.note"), key="freeze_note", max_chars=500)
    decisions = st.text_area(t("collegium.freeze.decisions"), key="freeze_decisions", max_chars=2000, height=120)
    ers = cache.table("economic_regions")
    region_names = dict(zip(ers["code"], ers[f"name_{lang()}"], strict=True))
    user = auth.user()
    scope = user.regions if user is not None else None  # leadership: the whole country (None)
    offered = [c for c in region_names if scope is None or c in scope]
    regions = st.multiselect(
        t("collegium.freeze.regions"),
        offered,
        default=[],
        format_func=lambda c: region_names.get(c, c),
        key="freeze_regions",
        help=t("collegium.freeze.regions_help"),
    )
    replace = st.checkbox(t("collegium.freeze.replace"), key="freeze_replace")
    st.caption(t("collegium.freeze.what", count=len(cache.table("indicators")), statuses=status_words(statuses)))
    if state.show_demo():
        st.warning(t("collegium.freeze.demo_warning"), icon=":material/warning:")
    submitted = st.button(
        t("collegium.freeze.button", date=day(meeting)), type="primary", icon=":material/lock:", key="freeze_button"
    )
if submitted and auth.require_write("meeting_freeze"):
    try:
        payload = source.live_payload(
            cache.engine(), meeting, statuses, decisions=decisions, regions=regions, scope=scope
        )
        snapshots.save(cache.engine(), meeting, payload, statuses, note=note, replace=replace)
        cache.reread_version()
        detail = {"replace": replace, "statuses": statuses, "regions": payload["regions"]}
        auth.record("meeting_freeze", target=meeting.isoformat(), detail=detail)
        st.success(t("collegium.freeze.done", date=day(meeting)), icon=":material/check_circle:")
    except DataError as exc:
        auth.record("meeting_freeze", outcome="failed", target=meeting.isoformat(), detail={"error": exc.key})
        st.error(t(exc.key, **exc.params))

# Presenter mode with today's figures.
st.subheader(t("collegium.present.title"))
st.page_link(
    "app_pages/presenter.py",
    label=t("collegium.present.live"),
    icon=":material/slideshow:",
    query_params={"slide": "1", **({"regions": ",".join(regions)} if regions else {})},
)
st.caption(t("collegium.present.help"))

# Past meetings: each snapshot's deck in PowerPoint and PDF, and presenter mode on its frozen figures.
st.subheader(t("collegium.list.title"))
listed = cache.snapshot_list()
if listed.empty:
    st.info(t("collegium.list.none"))
    st.stop()
deck_lang = (
    st.segmented_control(
        t("collegium.list.language"),
        list(LANGUAGE_LABELS),
        format_func=LANGUAGE_LABELS.get,
        default=lang(),
        key="collegium_deck_lang",
    )
    or lang()
)

for row in listed.to_dict("records"):
    sid = int(row["id"])
    with st.container(border=True, key=f"snapshot_{sid}"):
        st.markdown(f"**{t('collegium.list.meeting', date=day(row['meeting_date']))}**")
        st.caption(
            t(
                "collegium.list.meta",
                frozen=day(row["frozen_at"]),
                sha=str(row["payload_sha256"])[:12],
                statuses=status_words(str(row["statuses"]).split(",")),
            )
        )
        if row.get("note"):
            st.caption(md(row["note"]))
        left, right = st.columns([2, 3])
        with left:
            st.page_link(
                "app_pages/presenter.py",
                label=t("collegium.list.present"),
                icon=":material/slideshow:",
                query_params={"snapshot": str(sid), "slide": "1"},
            )
        with right:
            prepared = f"files_{sid}_{deck_lang}"
            if st.button(t("collegium.list.prepare"), key=f"prepare_{sid}", icon=":material/description:"):
                try:
                    with st.spinner(t("collegium.list.preparing")):
                        cache.files(cache.snapshot(sid).payload, deck_lang)
                    st.session_state[prepared] = True
                except (DataError, ExportError) as exc:
                    st.error(t(exc.key, **exc.params))
            if st.session_state.get(prepared):
                files = dict(zip(("pptx", "pdf"), cache.files(cache.snapshot(sid).payload, deck_lang), strict=True))
                stub = {"meeting_date": str(row["meeting_date"])}
                for kind, mime, icon in (
                    ("pptx", export.PPTX_MIME, ":material/download:"),
                    ("pdf", export.PDF_MIME, ":material/picture_as_pdf:"),
                ):
                    st.download_button(
                        t(f"collegium.list.{kind}"),
                        auth.audited(
                            lambda content=files[kind]: content,
                            "deck_export",
                            export.file_name(stub, deck_lang, kind),
                            {"meeting": str(row["meeting_date"]), "snapshot": sid},
                        ),
                        export.file_name(stub, deck_lang, kind),
                        mime=mime,
                        key=f"{kind}_{sid}_{deck_lang}",
                        on_click="ignore",
                        icon=icon,
                    )
