"""The slide model: a Deck of Slides built from a frozen payload and a language (pure, no Streamlit).

Numbers, units and data statuses are worded by the dashboard's own formatters (figures.charts), so a slide
and a page say a figure the same way.

Every writer (PowerPoint, PDF, presenter mode) draws the same Deck, so the three always say the same thing.
Texts come from the translation catalogue; every figure comes from the payload, never from the database.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from data.formatting import format_date, format_number, format_percent, format_period, format_value, signed
from data.i18n import normalise_language, translate
from data.plain import web_address
from figures import charts
from figures import palette as p
from figures.sentences import basis_text, evidence_text
from metrics.snapshot import largest_risks

MAP_KEY = "dost_map"


@dataclass(frozen=True)
class Number:
    """One key number of a slide: a label, the value as shown and a small note under it."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class SummaryRow:
    """One indicator on the summary slide."""

    code: str
    name: str
    latest: str
    target: str
    share: str
    status: str
    status_label: str
    demo: bool = False
    source: str = ""


@dataclass(frozen=True)
class Table:
    """A table of a slide (the regional slides' districts and indicators): caption, column heads, rows of cell
    texts, and which columns hold numbers (set right-aligned)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] = ()  # the columns' relative widths
    split: bool = False  # a long table may be set in two halves side by side (the districts)


@dataclass(frozen=True)
class Slide:
    """One slide: kind is title | text | summary | indicator | planning | region | map; `chart` names its image
    (None: no image)."""

    kind: str
    key: str
    title: str
    subtitle: str = ""
    numbers: tuple[Number, ...] = ()
    status: str | None = None
    status_label: str = ""
    data_label: str = ""
    demo: bool = False
    footnote: str = ""
    notes: str = ""
    chart: str | None = None
    rows: tuple[SummaryRow, ...] = ()
    columns: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (source title, address) shown as links in the footnote
    chart_caption: str = ""  # what the chart holds beyond its title: unit and the periods it spans
    chart_note: str = ""  # under the chart: its sources and data status, so a copied chart still says them
    alt_text: str = ""  # the text alternative of a picture (the map)
    tables: tuple[Table, ...] = ()  # the regional slides' tables


@dataclass(frozen=True)
class Deck:
    """The slides of one meeting in one language."""

    lang: str
    meeting_date: str
    title: str
    footer: str
    slides: tuple[Slide, ...] = field(default=())

    def titles(self) -> list[str]:
        """Every slide's title, in order."""
        return [s.title for s in self.slides]


# ---------------------------------------------------------------------------------------------- formatting


def _missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def status_label(status: object, lang: str) -> str:
    """A progress status with its icon, so it never depends on colour alone ('✔ achieved')."""
    if not isinstance(status, str) or not status:
        return "–"
    icon = p.STATUS_ICONS.get(status, "")
    word = translate(f"status.{status}", lang)
    return f"{icon} {word}" if icon and icon != "–" else word


def source_text(source: Mapping[str, Any] | None) -> str:
    """'Title — Publisher, 2026-01-19' from a frozen source (empty when none)."""
    if not source:
        return ""
    parts = [x for x in (source.get("title"), source.get("publisher")) if x]
    text = " — ".join(parts) or str(source.get("id") or "")
    return f"{text}, {source['published']}" if source.get("published") else text


def period_label(value: object, lang: str) -> str:
    """A period label in `lang` ('' when missing)."""
    return format_period(str(value), lang) if isinstance(value, str) and value else ""


# ---------------------------------------------------------------------------------------------- slides


def title_slide(payload: Mapping[str, Any], lang: str) -> Slide:
    """The opening slide: meeting date, the strategy, the ministry, when the figures were frozen (a payload marked
    `live` (presenter mode and `export --live` without a frozen meeting) says its figures are today's, not frozen)."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    statuses = ", ".join(t(f"status.{s}") for s in payload.get("statuses", []))
    lines = [
        t("app.subtitle"),
        t("app.ministry"),
        t(
            "collegium.deck.live" if payload.get("live") else "collegium.deck.frozen",
            date=format_date(payload["frozen_at"], lang),
        ),
        t("collegium.deck.data_statuses", statuses=statuses),
    ]
    if payload.get("has_demonstration"):
        lines.append(t("collegium.deck.demo_warning"))
    meeting = format_date(payload["meeting_date"], lang)
    return Slide(
        kind="title",
        key="title",
        title=t("collegium.deck.title"),
        subtitle=t("collegium.deck.meeting", date=meeting),
        lines=tuple(lines),
        demo=bool(payload.get("has_demonstration")),
        notes=t("collegium.deck.title_notes", date=meeting, count=len(payload.get("indicators", []))),
    )


SUMMARY_ROWS_PER_SLIDE = 7  # rows that stay readable on a 1024x768 projector (about 16 px type)


def summary_slide(payload: Mapping[str, Any], lang: str) -> Slide:
    """Every indicator with its latest value, target, share achieved, status and source (one slide; the deck
    splits it with summary_slides)."""
    rows = []
    for it in payload.get("indicators", []):
        unit = it.get("unit")
        latest = latest_text(it, lang)
        if it.get("latest_period"):
            latest += f" ({period_label(it['latest_period'], lang)})"
        elif _partial_only(it):
            period = translate("collegium.deck.partial", lang, period=period_label(it.get("partial_period"), lang))
            latest = f"{partial_text(it, lang)} ({period})"
        target = format_value(it.get("target_value"), unit, lang)
        if not _missing(it.get("target_value")):
            target += f" ({deadline_note(it, lang)})"
        rows.append(
            SummaryRow(
                code=it["code"],
                name=it.get(f"name_{lang}") or it["code"],
                latest=latest,
                target=target,
                share=format_percent(it.get("share_achieved"), lang),
                status=it.get("status") or "no_data",
                status_label=status_label(it.get("status"), lang),
                demo=shown_data_status(it) == "demonstration",
                source=short_source(it),
            )
        )
    counts = Counter(r.status for r in rows)
    notes = "; ".join(f"{translate(f'status.{s}', lang)}: {n}" for s, n in counts.items())
    columns = tuple(
        translate(f"collegium.col.{c}", lang) for c in ("indicator", "latest", "target", "share", "status", "source")
    )
    return Slide(
        kind="summary",
        key="summary",
        title=translate("collegium.deck.summary_title", lang),
        rows=tuple(rows),
        columns=columns,
        notes=notes,
        # the marked values say in words what they are, not by colour alone
        footnote=translate("collegium.deck.summary_demo_note", lang) if any(r.demo for r in rows) else "",
    )


def short_source(it: Mapping[str, Any]) -> str:
    """The publisher (else the title) of an indicator's latest figure's source, for a table cell."""
    src = it.get("source") or {}
    return str(src.get("publisher") or src.get("title") or "")


def summary_slides(payload: Mapping[str, Any], lang: str) -> list[Slide]:
    """The summary split so that every row stays readable at 1024x768: indicators with a target first (at most
    SUMMARY_ROWS_PER_SLIDE a slide), then those monitored without a quantified target on slides of their own."""
    whole = summary_slide(payload, lang)
    targeted = [r for r in whole.rows if r.status != "no_target"]
    untargeted = [r for r in whole.rows if r.status == "no_target"]
    parts: list[tuple[str, list[SummaryRow]]] = []
    for title_key, rows in (
        ("collegium.deck.summary_title", targeted),
        ("collegium.deck.summary_no_target", untargeted),
    ):
        chunks = [rows[i : i + SUMMARY_ROWS_PER_SLIDE] for i in range(0, len(rows), SUMMARY_ROWS_PER_SLIDE)]
        for k, chunk in enumerate(chunks):
            title = translate(title_key, lang)
            parts.append((f"{title} ({k + 1}/{len(chunks)})" if len(chunks) > 1 else title, chunk))
    slides = []
    items = {it["code"]: it for it in payload.get("indicators", [])}
    as_of = payload.get("frozen_at") or payload.get("meeting_date")
    for i, (title, rows) in enumerate(parts):
        demo = any(r.demo for r in rows)
        evidence = latest_evidence_label([items.get(r.code, {}) for r in rows], as_of, lang)
        slides.append(
            Slide(
                kind="summary",
                key="summary" if i == 0 else f"summary-{i + 1}",
                title=title,
                rows=tuple(rows),
                columns=whole.columns,
                notes=whole.notes,
                footnote=_with_evidence(translate("collegium.deck.summary_demo_note", lang) if demo else "", evidence),
            )
        )
    return slides


def text_slide(key: str, title: str, lines: list[str], lang: str, notes: str = "", subtitle: str = "") -> Slide:
    """A slide of short lines (the opening slides: since the last meeting, risks, decisions)."""
    return Slide(
        kind="text", key=key, title=title, subtitle=subtitle, lines=tuple(lines), notes=notes or " ".join(lines)
    )


def _value_period(
    value: object, period: object, unit: object, lang: str, meaning: Mapping[str, Any] | None = None
) -> str:
    """A value with its qualifier (`meaning`: qualifier, value_low, value_high) and its period."""
    if _missing(value):
        return "–"
    m = meaning or {}
    text = charts.qualified(value, unit, lang, m.get("qualifier") or "exact", m.get("value_low"), m.get("value_high"))
    return f"{text} ({period_label(period, lang)})" if period else text


def _side(row: Mapping[str, Any], side: str) -> dict[str, Any]:
    """The qualifier, value_low and value_high of a since row's `side` ('then' or 'now')."""
    return {k: row.get(f"{side}_{k}") for k in ("qualifier", "value_low", "value_high")}


def partial_text(it: Mapping[str, Any], lang: str) -> str:
    """A part-year figure with its qualifier (from its frozen point)."""
    pt = _partial_point(it)
    return charts.qualified(it.get("partial_value"), it.get("unit"), lang, pt.get("qualifier") or "exact",
                            pt.get("value_low"), pt.get("value_high"))  # fmt: skip


def since_slide(payload: Mapping[str, Any], lang: str) -> Slide | None:
    """What changed since the last meeting: new periods, part-year figures, revisions (apart), changed verdicts."""
    since = payload.get("since")
    if since is None:  # frozen before the product kept this
        return None
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    if not since.get("meeting_date"):
        return text_slide("since", t("collegium.deck.since.title_first"), [t("collegium.deck.since.first")], lang)
    order = ("new_period", "part_year", "revised", "status", "new_indicator")
    rows = sorted(since.get("rows") or [], key=lambda r: order.index(r["kind"]) if r["kind"] in order else 9)
    lines = []
    for r in rows:
        name = r.get(f"name_{lang}") or r["code"]
        then = _value_period(r.get("then_value"), r.get("period"), r.get("unit"), lang, _side(r, "then"))
        now = _value_period(r.get("now_value"), r.get("period"), r.get("unit"), lang, _side(r, "now"))
        verdict = ""
        if r.get("then_status") != r.get("now_status"):
            verdict = t(
                "collegium.deck.since.verdict",
                then=status_label(r.get("then_status"), lang),
                now=status_label(r.get("now_status"), lang),
            )
        lines.append(t(f"collegium.deck.since.{r['kind']}", name=name, then=then, now=now) + verdict)
    if not lines:
        lines = [t("collegium.deck.since.nothing")]
    shown = lines[:8]
    if len(lines) > len(shown):
        shown.append(t("collegium.deck.since.more", count=len(lines) - len(shown)))
    when = format_date(since["meeting_date"], lang)
    slide = text_slide("since", t("collegium.deck.since.title", date=when), shown, lang, notes=" ".join(lines))
    items = {it["code"]: it for it in payload.get("indicators", [])}
    as_of = payload.get("frozen_at") or payload.get("meeting_date")
    evidence = latest_evidence_label([items.get(r["code"], {}) for r in rows], as_of, lang)
    return replace(slide, footnote=_with_evidence("", evidence)) if evidence else slide


def risks_slide(payload: Mapping[str, Any], lang: str) -> Slide:
    """The three largest risks, chosen by the rule of metrics.snapshot.largest_risks, each with its basis."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    lines = []
    risks = largest_risks(payload.get("indicators", []))
    for it in risks:
        name = it.get(f"name_{lang}") or it["code"]
        why = it.get(f"sentence_{lang}") or ""
        lines.append(t("collegium.deck.risks.line", name=name, status=status_label(it.get("status"), lang), why=why))
    slide = text_slide(
        "risks",
        t("collegium.deck.risks.title"),
        lines or [t("collegium.deck.risks.none")],
        lang,
        subtitle=t("collegium.deck.risks.rule"),
    )
    evidence = latest_evidence_label(risks, payload.get("frozen_at") or payload.get("meeting_date"), lang)
    return replace(slide, footnote=_with_evidence("", evidence)) if evidence else slide


def decisions_slide(payload: Mapping[str, Any], lang: str) -> Slide:
    """The decisions the staff ask of the meeting, as written on the collegium page and frozen with it."""
    lines = list(payload.get("decisions") or []) or [translate("collegium.deck.decisions.none", lang)]
    return text_slide("decisions", translate("collegium.deck.decisions.title", lang), lines, lang)


def latest_text(it: Mapping[str, Any], lang: str) -> str:
    """The latest value with its qualifier beside it ('~50 000', 'more than 10 000')."""
    return charts.qualified(
        it.get("latest_value"), it.get("unit"), lang, it.get("latest_qualifier") or "exact",
        it.get("latest_value_low"), it.get("latest_value_high"),
    )  # fmt: skip


def deadline_note(it: Mapping[str, Any], lang: str) -> str:
    """'target year: 2026', or 'no deadline stated'; with the target's kind when it is not comparable."""
    if it.get("target_year") and not it.get("target_year_assumed"):
        text = translate("collegium.deck.target_year", lang, year=it["target_year"])
    else:
        text = translate("collegium.deck.no_deadline", lang)
    if it.get("target_comparable") is False and it.get("target_kind"):
        kind = translate(f"metric.target_kind.{it['target_kind']}", lang)
        text += "; " + translate("collegium.deck.other_kind", lang, kind=kind)
    return text


def evidence_label(it: Mapping[str, Any], as_of: object, lang: str) -> str:
    """'latest evidence: 22 January 2026', with a staleness mark when it lies too long before `as_of`."""
    return evidence_text(it.get("evidence_date"), as_of, lang) if it.get("evidence_date") else ""


def latest_evidence_label(items: Iterable[Mapping[str, Any]], as_of: object, lang: str) -> str:
    """The evidence label of several figures shown together: the latest of their evidence dates, with the
    staleness mark ('' when none of them has one: a snapshot frozen before evidence dates were kept)."""
    days = [str(it["evidence_date"]) for it in items if it.get("evidence_date")]
    return evidence_text(max(days), as_of, lang) if days else ""


def _with_evidence(footnote: str, evidence: str) -> str:
    """A footnote with the evidence label first (its first letter capitalised)."""
    label = evidence[:1].upper() + evidence[1:] if evidence else ""
    return " · ".join(x for x in (label, footnote) if x)


def _partial_only(it: Mapping[str, Any]) -> bool:
    """True when an indicator has no full-year figure but one for part of a year (shown as such)."""
    return _missing(it.get("latest_value")) and bool(it.get("is_partial")) and not _missing(it.get("partial_value"))


def _partial_point(it: Mapping[str, Any]) -> Mapping[str, Any]:
    """The frozen point of the part-year figure (empty when there is none)."""
    same = [pt for pt in it.get("points") or [] if pt.get("period") == it.get("partial_period")]
    return same[-1] if same else {}


def shown_data_status(it: Mapping[str, Any]) -> object:
    """The data status of the figure a slide shows: the latest one, or the part-year figure's when only that exists."""
    return _partial_point(it).get("data_status") if _partial_only(it) else it.get("latest_data_status")


def indicator_numbers(it: Mapping[str, Any], lang: str) -> tuple[Number, ...]:
    """Latest, target, share achieved and pace needed of one indicator, as shown on its slide."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    unit = it.get("unit")
    has_target = not _missing(it.get("target_value"))
    pace = signed(it.get("pace_needed"), lang)
    observed = signed(it.get("pace_observed"), lang)
    latest = Number(t("collegium.deck.latest"), latest_text(it, lang), period_label(it.get("latest_period"), lang))
    if _partial_only(it):
        latest = Number(
            t("collegium.deck.latest"),
            partial_text(it, lang),
            t("collegium.deck.partial", period=period_label(it.get("partial_period"), lang)),
        )
    return (
        latest,
        Number(
            t("collegium.deck.target"),
            format_value(it.get("target_value"), unit, lang),
            deadline_note(it, lang) if has_target else t("status.no_target"),
        ),
        Number(t("collegium.deck.share"), format_percent(it.get("share_achieved"), lang)),
        Number(
            t("collegium.deck.pace_needed"),
            t("collegium.deck.per_year", value=pace) if pace != "–" else "–",
            t("collegium.deck.observed", value=observed) if observed != "–" else "",
        ),
    )


def source_links(*sources: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """(title, address) of each frozen source that has a web address, once each."""
    seen: dict[str, str] = {}
    for src in sources:
        url = web_address(src.get("url")) if src else None  # never javascript: or data: (data.plain)
        if url and url not in seen.values():
            seen[str(src.get("title") or url)] = url
    return tuple(seen.items())


def chart_caption(it: Mapping[str, Any], lang: str) -> str:
    """'children · 2005–2010': the unit and the first and last period the chart shows."""
    periods = [str(pt.get("period")) for pt in it.get("points") or [] if pt.get("period")]
    span = ""
    if periods:
        first, last = period_label(periods[0], lang), period_label(periods[-1], lang)
        span = first if first == last else f"{first}–{last}"
    return " · ".join(x for x in (charts.unit_label(it.get("unit"), lang), span) if x)


def indicator_slide(
    it: Mapping[str, Any], goals: Mapping[str, Mapping[str, Any]], lang: str, as_of: object = None
) -> Slide:
    """One indicator: its chart, key numbers, status, data status, source footnote and the sentence as notes."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    goal = goals.get(it.get("goal") or "", {})
    unit = charts.unit_label(it.get("unit"), lang)
    subtitle = " · ".join(
        x for x in (goal.get(f"name_{lang}"), t("collegium.deck.unit", unit=unit) if unit else "") if x
    )
    foot = [t("collegium.deck.source", source=source_text(it.get("source")))] if it.get("source") else []
    if not foot and _partial_only(it) and _partial_point(it).get("source_title"):
        foot.append(t("collegium.deck.source", source=_partial_point(it)["source_title"]))
    if it.get("target_source") and not _missing(it.get("target_value")):
        foot.append(t("collegium.deck.target_source", source=source_text(it["target_source"])))
    if not foot:
        foot.append(t("collegium.deck.no_source"))
    basis = basis_text(dict(it), lang)
    if basis:
        foot.insert(0, basis)
    data_label = t("collegium.deck.data_status", status=charts.status_label(shown_data_status(it), lang))
    evidence = evidence_label(it, as_of, lang)
    return Slide(
        kind="indicator",
        key=it["code"],
        title=it.get(f"name_{lang}") or it["code"],
        subtitle=subtitle,
        numbers=indicator_numbers(it, lang),
        status=it.get("status"),
        status_label=status_label(it.get("status"), lang),
        data_label=f"{data_label} · {evidence}" if evidence else data_label,
        demo=shown_data_status(it) == "demonstration",
        footnote=" · ".join(foot),
        notes=it.get(f"sentence_{lang}") or "",
        chart=it["code"],
        links=source_links(it.get("source"), it.get("target_source")),
        chart_caption=chart_caption(it, lang),
        chart_note=" · ".join([*foot, f"{data_label} · {evidence}" if evidence else data_label]),
    )


def _map_sources(found: Mapping[str, Any] | None, lang: str) -> list[str]:
    """The map slide's sources in words (none for a snapshot frozen before they were recorded)."""
    if not found:
        return []
    return [
        translate(
            "collegium.deck.map_sources",
            lang,
            count=format_number(found.get("facility_status_sources"), lang),
            population="; ".join(found.get("population") or []) or "–",
        )
    ]


def _named_districts(dost: Mapping[str, Any], lang: str) -> list[str]:
    """'Districts named on the map: …' (the names deck.slide_figures.district_labels draws), for the alt text."""
    from deck.slide_figures import MAP_PX, district_labels, map_frame  # the map's own module imports this one

    rings = [poly[0] for polys in (dost.get("rings") or {}).values() for poly in polys if poly]
    names = [n["name"] for n in district_labels(dost, lang, map_frame(rings, MAP_PX))]
    return [translate("collegium.deck.map_names", lang, names=", ".join(names))] if names else []


def map_slide(dost: Mapping[str, Any], lang: str, meeting_date: object = None) -> Slide:
    """The DOST coverage map with the shares of districts and population served: its title names the meeting's
    date (never the day the coverage was computed), the coverage's own date is stated apart as its evidence."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    when = format_date(dost["as_of"], lang)
    meeting = format_date(meeting_date or dost["as_of"], lang)
    now = (dost.get("summary") or {}).get("open") or {}
    later = (dost.get("summary") or {}).get("with_pipeline") or {}
    served = format_number(now.get("districts_served"), lang)
    total = format_number(now.get("districts_total"), lang)
    distance = now.get("pop_weighted_distance_km")
    numbers = (
        Number(
            t("collegium.deck.map.districts"), f"{served} / {total}", format_percent(now.get("district_share"), lang)
        ),
        Number(t("collegium.deck.map.population"), format_percent(now.get("population_share"), lang)),
        Number(
            t("collegium.deck.map.pipeline"),
            format_percent(later.get("population_share"), lang),
            t("collegium.deck.map.pipeline_note"),
        ),
        Number(
            t("collegium.deck.map.distance"),
            t("collegium.deck.km", value=format_number(distance, lang, 0)) if not _missing(distance) else "–",
        ),
    )
    evidence = evidence_label(dost, dost["as_of"], lang)  # the register's latest evidence by the coverage's date
    notes = t(
        "collegium.deck.map_sentence",
        date=when,
        served=served,
        share=format_percent(now.get("district_share"), lang),
        population=format_percent(now.get("population_share"), lang),
        pipeline=format_percent(later.get("population_share"), lang),
    )
    return Slide(
        kind="map",
        key=MAP_KEY,
        title=t("collegium.deck.map_title", date=meeting),
        numbers=numbers,
        data_label=" · ".join(x for x in (t("collegium.deck.map_as_of", date=when), evidence) if x),
        footnote=" ".join([t("collegium.deck.map_note"), *_map_sources(dost.get("sources"), lang)]),
        notes=notes,
        chart=MAP_KEY,
        alt_text=" ".join([t("collegium.deck.map_alt", date=when), notes, *_named_districts(dost, lang)]),
    )


PLANNING_KEY = "planning"


def planning_slide(plan: Mapping[str, Any], lang: str) -> Slide:
    """Access where people live and what the announced pipeline buys against the best sites (numbers only)."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    when = format_date(plan["as_of"], lang)
    km = plan["radius_km"]
    now, later = plan.get("open") or {}, plan.get("with_pipeline") or {}
    vs = plan.get("pipeline_versus_optimum") or {}
    numbers = (
        Number(t("collegium.deck.planning.within", km=km), format_percent(now.get("AZ"), lang),
               t("collegium.deck.planning.split", ba=format_percent(now.get("baku_absheron"), lang),
                 rest=format_percent(now.get("outside_baku_absheron"), lang))),
        Number(t("collegium.deck.planning.with_pipeline", km=km), format_percent(later.get("AZ"), lang),
               t("collegium.deck.planning.split", ba=format_percent(later.get("baku_absheron"), lang),
                 rest=format_percent(later.get("outside_baku_absheron"), lang))),
        Number(t("collegium.deck.planning.versus"), format_percent(vs.get("share_of_optimum"), lang),
               t("collegium.deck.planning.versus_note", sites=format_number(vs.get("sites"), lang),
                 got=format_number(vs.get("pipeline_added"), lang, 0),
                 best=format_number(vs.get("optimum_added"), lang, 0), km=km)),
    )  # fmt: skip
    notes = " ".join(f"{n.label}: {n.value} ({n.note})" for n in numbers)
    return Slide(
        kind="planning",
        key=PLANNING_KEY,
        title=t("collegium.deck.planning.title", date=when),
        numbers=numbers,
        data_label=evidence_label(plan, plan["as_of"], lang),
        footnote=t("collegium.deck.planning.footnote"),
        notes=notes,
        chart=None,
        alt_text=notes,
    )


def _share_pair(region: Mapping[str, Any] | None, country: Mapping[str, Any] | None, key: str, lang: str):
    """A share of the region and the country's (each '–' when missing)."""
    return format_percent((region or {}).get(key), lang), format_percent((country or {}).get(key), lang)


DISTRICT_SERVICE_ICONS = {"served": "✔", "pipeline": "◐", "none": "✖"}


def district_service(d: Mapping[str, Any]) -> str:
    """served | pipeline (served only once the pipeline opens) | none."""
    if d.get("served"):
        return "served"
    return "pipeline" if d.get("served_with_pipeline") else "none"


def region_slide(region: Mapping[str, Any], as_of: object, lang: str) -> Slide:
    """One economic region: its districts with their DOST service, its coverage and facilities against the
    country's, and its district figures summed against the country (all frozen in the payload's `regional`)."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    name = region.get(f"name_{lang}") or region["code"]
    cov = region.get("coverage") or {}
    now, later = cov.get("open") or {}, cov.get("with_pipeline") or {}
    reg_now, nat_now = now.get("region") or {}, now.get("country") or {}
    served, nat_served = (
        f"{format_number(x.get('districts_served'), lang)} / {format_number(x.get('districts_total'), lang)}"
        for x in (reg_now, nat_now)
    )
    pop, nat_pop = _share_pair(reg_now, nat_now, "population_share", lang)
    pipe, nat_pipe = _share_pair(later.get("region"), later.get("country"), "population_share", lang)
    fac = region.get("facilities") or {}
    numbers = (
        Number(t("collegium.deck.region.served"), served, t("collegium.deck.region.country", value=nat_served)),
        Number(t("collegium.deck.map.population"), pop, t("collegium.deck.region.country", value=nat_pop)),
        Number(t("collegium.deck.map.pipeline"), pipe, t("collegium.deck.region.country", value=nat_pipe)),
        Number(
            t("collegium.deck.region.facilities"),
            format_number(fac.get("open"), lang),
            t("collegium.deck.region.facilities_note", pipeline=format_number(fac.get("pipeline"), lang)),
        ),
    )
    rows = []
    for d in region.get("districts") or []:
        kind = district_service(d)
        rows.append(
            (
                d.get(f"name_{lang}") or d["code"],
                format_number(d.get("population_exclusive"), lang, 0),
                f"{DISTRICT_SERVICE_ICONS[kind]} {t(f'collegium.deck.region.service.{kind}')}",
                format_number(d.get("n_facilities"), lang),
            )
        )
    districts = Table(
        t("collegium.deck.region.districts", count=format_number(len(rows), lang)),
        tuple(t(f"collegium.deck.region.col.{c}") for c in ("district", "population", "dost", "facilities")),
        tuple(rows),
        (False, True, False, True),
        (2.4, 1.5, 2.7, 1.6),
        split=True,
    )
    ind_rows, demo = [], False
    for it in region.get("indicators") or []:
        per = bool(it.get("per_residents"))
        averaged = it.get("country_basis") != "national"  # no national figure that year: all districts together
        demo = demo or it.get("data_status") == "demonstration"
        ind_rows.append(
            (
                it.get(f"name_{lang}") or it["code"],
                str(it.get("year") or "–"),
                charts.qualified_cell(it, "value", it.get("unit"), lang),
                charts.qualified_cell(it, "rate", None, lang, 1) if per else "–",
                charts.qualified_rate(it.get("country_rate"), it.get("country_qualifier"), per, it.get("unit"), lang)
                + (" *" if averaged else ""),
                t(f"status.{it['data_status']}") if it.get("data_status") else "–",
            )
        )
    tables = [districts]
    if ind_rows:
        tables.append(
            Table(
                t("collegium.deck.region.indicators"),
                tuple(
                    t(f"collegium.deck.region.col.{c}")
                    for c in ("indicator", "year", "region", "rate", "country", "status")
                ),
                tuple(ind_rows),
                (False, True, True, True, True, False),
                (5.2, 0.8, 1.6, 1.7, 2.6, 2.4),
            )
        )
    when = format_date(as_of, lang) if as_of else "–"
    notes = t(
        "collegium.deck.region.notes",
        name=name,
        served=served,
        population=pop,
        country=nat_pop,
        pipeline=pipe,
        open=format_number(fac.get("open"), lang),
        planned=format_number(fac.get("pipeline"), lang),
    )
    # the latest evidence behind the slide: the register's (coverage, facilities) and the district figures'
    evidence = latest_evidence_label([region, *(region.get("indicators") or [])], as_of, lang)
    no_figures = [] if ind_rows else [t("collegium.deck.region.no_indicators")]
    if any(it.get("country_basis") != "national" for it in region.get("indicators") or []):
        no_figures.append(t("collegium.deck.region.averaged"))
    return Slide(
        kind="region",
        key=f"region-{region['code']}",
        title=t("collegium.deck.region.title", name=name),
        subtitle=t("collegium.deck.region.subtitle", date=when),
        numbers=numbers,
        data_label=" · ".join(x for x in (t("collegium.deck.region.demo") if demo else "", evidence) if x),
        demo=demo,
        footnote=" ".join([*no_figures, t("collegium.deck.region.footnote")]),
        notes=notes,
        lines=tuple(no_figures),
        tables=tuple(tables),
        alt_text=notes,
    )


def build_deck(payload: Mapping[str, Any], lang: str) -> Deck:
    """The whole deck: title; since the last meeting, the largest risks, the decisions requested; the summary; one
    slide per indicator; access and planning; one slide per economic region chosen for the meeting (the payload's
    `regional`: none in snapshots frozen before it existed); the DOST map (when the payload has it)."""
    lang = normalise_language(lang)
    goals = {g["code"]: g for g in payload.get("goals", [])}
    opening = [since_slide(payload, lang), risks_slide(payload, lang), decisions_slide(payload, lang)]
    slides = [title_slide(payload, lang), *[x for x in opening if x is not None], *summary_slides(payload, lang)]
    as_of = payload.get("frozen_at") or payload.get("meeting_date")
    slides += [indicator_slide(it, goals, lang, as_of) for it in payload.get("indicators", [])]
    if payload.get("planning"):  # before the map, which stays the last slide
        slides.append(planning_slide(payload["planning"], lang))
    coverage_day = (payload.get("dost") or {}).get("as_of")
    slides += [region_slide(r, coverage_day, lang) for r in payload.get("regional") or []]
    if payload.get("dost"):
        slides.append(map_slide(payload["dost"], lang, payload["meeting_date"]))
    meeting = format_date(payload["meeting_date"], lang)
    footer = translate("collegium.deck.footer", lang, ministry=translate("app.ministry", lang), date=meeting)
    return Deck(
        lang=lang,
        meeting_date=payload["meeting_date"],
        title=translate("collegium.deck.title", lang),
        footer=footer,
        slides=tuple(slides),
    )
