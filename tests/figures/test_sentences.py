"""Sentences from metric keys and numbers (figures/sentences.py): formatted per language, where they are shown."""

import pandas as pd

from figures.sentences import add_messages, add_sentences
from metrics.progress import progress
from metrics.quality import quality_report
from tests.metrics.test_metrics_progress import rehab  # noqa: F401 - fixture
from tests.metrics.test_metrics_quality import catalogue, clean, districts  # noqa: F401 - fixtures


def test_sentences_are_formatted_per_language(rehab):  # noqa: F811
    row = add_sentences(progress(*rehab, all_targets=True)).set_index("target_value").loc[30000]
    assert "142,000" in row["sentence_en"] and "473%" in row["sentence_en"] and "2021" in row["sentence_en"]
    assert "142\u00a0000" in row["sentence_az"] and "473\u00a0%" in row["sentence_az"]
    assert row["sentence_az"].startswith("Reabilitasiya")


def test_partial_year_sentence_names_the_months_and_the_annualised_figure(obs, indicators, targets):
    o = obs([("ret", "country", "AZ", "2024", 200), ("ret", "country", "AZ", "2025-01..2025-08", 110)])
    row = add_sentences(progress(indicators([{"code": "ret"}]), targets([("ret", 240, 2026, "2026-01-19", True)]), o))
    row = row.iloc[0]
    assert "Jan–Aug 2025" in row["sentence_en"] and "165" in row["sentence_en"]


def test_missed_deadline_sentence(obs, indicators, targets):
    ind = indicators([{"code": "late"}, {"code": "empty"}, {"code": "free", "has_target": False}])
    o = obs([("late", "country", "AZ", "2022", 200), ("late", "country", "AZ", "2024", 250)])
    o = pd.concat([o, obs([("free", "country", "AZ", "2024", 5)])])
    tg = targets([("late", 300, 2023, "2020", True), ("empty", 10, 2026, "2025", True)])
    p = add_sentences(progress(ind, tg, o)).set_index("indicator_code")
    assert "was not met" in p.loc["late", "sentence_en"]
    assert p["sentence_az"].str.len().gt(0).all() and p["sentence_en"].str.len().gt(0).all()


def test_report_is_one_tidy_table_with_messages_in_both_languages(clean, obs, catalogue, districts):  # noqa: F811
    data = pd.concat([clean, obs([("returned", "country", "AZ", "2024", -3)])])
    r = add_messages(quality_report(data, catalogue, districts), catalogue, districts)
    outlier = r[r["rule"] == "outlier"].iloc[0]
    assert "Home care" in outlier["message_en"] and "D8" in outlier["message_en"] and "2024" in outlier["message_az"]
    assert r["message_az"].str.len().gt(0).all()
