# ruff: noqa: E501 - the expected messages are kept on one line each, as the user reads them
"""The fixture files: every problem of the files in with-problems/ with its exact place and message, and what the
files in valid/ hold. Checking writes nothing, so the shared reference database is used."""

import pytest
from importfx import PROBLEMS, VALID

from data import importer
from data.importer.problems import Problem

Row = tuple[str, str | None, int | None, str | None, str]


def found(engine, path, max_bytes=None) -> list[Row]:
    checked = importer.check(engine, path.read_bytes(), path.name, max_bytes=max_bytes)
    return [(p.severity, p.sheet, p.row, p.column, p.message("en")) for p in checked.problems]


# (severity, sheet, row as the user sees it, column as headed in the file, message in English)
EXPECTED_PROBLEMS: dict[str, list[Row]] = {
    "qualifiers.csv": [
        (
            "error",
            "observations",
            2,
            "qualifier",
            'Unknown qualifier "maybe": exact, approx, more_than, less_than, up_to, range.',
        ),
        ("error", "observations", 3, "value_low", "A range needs both ends: fill value_low and value_high."),
        (
            "error",
            "observations",
            4,
            "value",
            "The range must hold the value: value_low (98) ≤ value (97) ≤ value_high (99), and low below high.",
        ),
        (
            "error",
            "observations",
            5,
            "value_low",
            "value_low and value_high are only for a range (this row's qualifier is approx): leave them empty or set "
            "the qualifier to range.",
        ),
        (
            "error",
            "observations",
            6,
            "segment",
            'Unknown series segment "unicef_2030" for children_in_institutions: programme_2006, unicef_2005, '
            "unicef_2009. Leave it empty and the segment follows from the period.",
        ),
        ("error", "observations", 7, "value_low", '"abc" is not a number.'),
    ],
    "empty.csv": [
        ("error", None, None, None, "The file is empty."),
    ],
    "facilities.csv": [
        ("error", "facilities", 2, "name_az", "DOST-NEW-1 is a new facility: this column must be filled in."),
        ("note", "facilities", 3, "district", '"Qaxx" was read as Gakh (AZ-QAX) (rows: 3).'),
        (
            "error",
            "facilities",
            3,
            "facility_type",
            'Unknown facility type "kiosk": centre, regional_centre, branch, service_point, smart_point, inclusive_centre, rehab_centre, child_rehab_centre, psychoneurological, social_institution, child_home, other.',
        ),
        (
            "error",
            "facilities",
            3,
            "status_date",
            '"2025-02-30" is not a date: write 2025-08-15, 2025-08, 2025 or an interval 2025-08..2025-12.',
        ),
        ("error", "facilities", 4, "beds", '"-3" is negative: this value cannot be.'),
        (
            "error",
            "facilities",
            4,
            "lon",
            "Only one coordinate is given: write both latitude and longitude, or leave both empty.",
        ),
        (
            "error",
            "facilities",
            4,
            "status",
            'Unknown status "opened": planned, design, under_construction, open, closed.',
        ),
        ("error", "facilities", 5, "beds", "For the new facility DOST-NEW-3 this value differs from row 4."),
        ("error", "facilities", 5, "beds", '"12.5" is not a whole number: a count must be whole.'),
        ("error", "facilities", 5, "name_az", "For the new facility DOST-NEW-3 this value differs from row 4."),
        (
            "error",
            "facilities",
            6,
            "lat",
            '"48.85": the coordinate lies outside Azerbaijan (latitude 38.3–42, longitude 44.7–50.9).',
        ),
        (
            "error",
            "facilities",
            6,
            "lon",
            '"2.35": the coordinate lies outside Azerbaijan (latitude 38.3–42, longitude 44.7–50.9).',
        ),
        (
            "error",
            "facilities",
            7,
            "facility_code",
            '"DOST MASALLI!" cannot be a facility code: letters, digits, "-", "_", "." (at most 40 characters).',
        ),
        ("error", "facilities", 9, None, "This row repeats row 8 (the same facility, status and date): delete one."),
    ],
    "formula_without_value.xlsx": [
        (
            "error",
            "observations",
            2,
            "value",
            "Cell E2 holds a formula without a computed value: open and save the file in Excel, or replace the formula by its value.",
        ),
    ],
    "header_only.csv": [
        ("error", None, None, None, "The file has no data rows under the header."),
    ],
    "image.png": [
        ("error", None, None, None, "The file is neither a CSV nor an Excel (.xlsx) file."),
    ],
    "merged_header.xlsx": [
        (
            "error",
            "observations",
            1,
            None,
            "The header has merged cells (E1:F1): every column needs a header cell of its own; unmerge them.",
        ),
    ],
    "missing_column.csv": [
        ("error", "observations", 1, "period", "A required column is missing: add it with the name the template uses."),
    ],
    "no_data_sheet.xlsx": [
        (
            "error",
            "Vərəq1",
            None,
            None,
            "No header row found: the first row must name the columns (indicator, geo, period, value).",
        ),
        (
            "note",
            "Vərəq1",
            None,
            None,
            'There is no sheet named "observations" or "facilities": sheet "Vərəq1" was read.',
        ),
        (
            "note",
            "Vərəq2",
            None,
            None,
            'Sheet "Vərəq2" was ignored: only the "observations" and "facilities" sheets are read.',
        ),
    ],
    "old_excel.xls": [
        (
            "error",
            None,
            None,
            None,
            "An old Excel file (.xls) or a password-protected workbook: save it as .xlsx without a password, or as CSV.",
        ),
    ],
    "problems.csv": [
        (
            "error",
            "observations",
            3,
            "indicator",
            'Unknown indicator "children_in_institution". Did you mean "children_in_institutions"?',
        ),
        (
            "error",
            "observations",
            4,
            "indicator",
            'Unknown indicator "orphans": use one of the codes on the "lists" sheet.',
        ),
        ("error", "observations", 5, "geo", 'Unknown place "Lenkoran". Did you mean Lankaran (AZ-LAN)?'),
        ("error", "observations", 6, "geo", 'Unknown place "Atlantis": use a name or code from the "lists" sheet.'),
        (
            "error",
            "observations",
            7,
            "geo",
            '"AZ-ABS" is at the level district/city, not economic region: correct the level.',
        ),
        (
            "error",
            "observations",
            8,
            "geo",
            'Indicator "adoptions" is not given at the district/city level (only: country).',
        ),
        (
            "error",
            "observations",
            9,
            "period",
            '"2025-13" is not a period: write a year (2025), year-quarter (2025-Q1) or year-month (2025-08); a half-year (2025-H1), a date (2025-12-23) and a range (2025-01..2025-08) are accepted too.',
        ),
        ("error", "observations", 10, "value", '"many" is not a number.'),
        ("error", "observations", 11, "value", '"12,5" is not a whole number: a count must be whole.'),
        ("error", "observations", 12, "value", '"-4" is negative: this value cannot be.'),
        ("error", "observations", 13, "value", '"104" is a percentage and must be between 0 and 100.'),
        (
            "error",
            "observations",
            14,
            None,
            "This row repeats row 2 (the same indicator, place and period): delete one.",
        ),
        ("error", "observations", 15, "geo", "The cell is empty: this column is required."),
        (
            "error",
            "observations",
            16,
            "geo_level",
            'Unknown level "rayonlar": write country, region, district (or leave it empty).',
        ),
        (
            "error",
            "observations",
            17,
            "value",
            '"30,000" is ambiguous (thousands, or decimals?): write it without a thousands separator, e.g. 30000 or 30.5.',
        ),
    ],
}

EXPECTED_NOTES: dict[str, list[Row]] = {
    "qualifiers.csv": [],
    "injection.csv": [
        (
            "note",
            "observations",
            2,
            "note",
            'Some cells start with "=", "+", "-" or "@" (rows: 2, 3): they are stored as text and defused on export.',
        ),
        (
            "note",
            "observations",
            2,
            "source",
            'Some cells start with "=", "+", "-" or "@" (rows: 2, 3): they are stored as text and defused on export.',
        ),
    ],
    "observations_changed.csv": [],  # against stored data: see test_import_commit (shown as changes)
    "observations_cp1251.csv": [
        ("note", None, None, None, "The file was read as Windows-1251."),
    ],
    "observations_cp1254.csv": [
        (
            "note",
            None,
            None,
            None,
            'The file was read as Windows-1254. That encoding has no letter "ə": check the names, or save the file as "CSV UTF-8".',
        ),
    ],
    "observations_utf16.txt": [
        ("note", None, None, None, "The file was read as UTF-16."),
    ],
    "observations_utf8.csv": [
        ("note", "observations", 4, "geo", '"Lenkeran şəhəri" was read as Lankaran (city) (AZ-LA) (rows: 4).'),
        (
            "note",
            "observations",
            5,
            "geo",
            '"Xanlar" is a former name: today it is Goygol (AZ-GYG). The rows are recorded under Goygol (rows: 5).',
        ),
    ],
    "observations_utf8_bom.csv": [
        ("note", "observations", 4, "geo", '"Lenkeran şəhəri" was read as Lankaran (city) (AZ-LA) (rows: 4).'),
        (
            "note",
            "observations",
            5,
            "geo",
            '"Xanlar" is a former name: today it is Goygol (AZ-GYG). The rows are recorded under Goygol (rows: 5).',
        ),
    ],
    "place_names.csv": [
        (
            "note",
            "observations",
            2,
            "geo",
            '"Dəvəçi" is a former name: today it is Shabran (AZ-SBN). The rows are recorded under Shabran (rows: 2).',
        ),
        (
            "note",
            "observations",
            3,
            "geo",
            '"Davachi" is a former name: today it is Shabran (AZ-SBN). The rows are recorded under Shabran (rows: 3).',
        ),
        (
            "note",
            "observations",
            4,
            "geo",
            '"Əli Bayramlı" is a former name: today it is Shirvan (AZ-SR). The rows are recorded under Shirvan (rows: 4).',
        ),
        ("note", "observations", 6, "geo", '"Ismayılı" was read as Ismayilli (AZ-ISM) (rows: 6).'),
        ("note", "observations", 7, "geo", '"Khacmaz" was read as Khachmaz (AZ-XAC) (rows: 7).'),
        ("note", "observations", 8, "geo", '"Xachmaz" was read as Khachmaz (AZ-XAC) (rows: 8).'),
        ("note", "observations", 9, "geo", '"Shamaxı" was read as Shamakhi (AZ-SMI) (rows: 9).'),
        ("note", "observations", 10, "geo", '"Imisli" was read as Imishli (AZ-IMI) (rows: 10).'),
        ("note", "observations", 13, "geo", '"Lenkeran rayonu" was read as Lankaran (AZ-LAN) (rows: 13).'),
    ],
    "workbook.xlsx": [
        (
            "note",
            "Qeydlər",
            None,
            None,
            'Sheet "Qeydlər" was ignored: only the "observations" and "facilities" sheets are read.',
        ),
        ("note", "observations", 1, None, "The rows above the header (1) were ignored (taken as a title)."),
        ("note", "observations", 3, None, "Merged cells (A3:A5) were read as their value repeated in every row."),
        ("note", "observations", 5, "geo", '"Şəki rayonu" was read as Sheki (AZ-SAK) (rows: 5).'),
        ("note", "observations", 6, None, "Rows that repeat the header (6) were skipped."),
        ("note", "observations", 7, None, "1 cell(s) hold formulas: their last computed values were used (first: E7)."),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_files_with_problems_report_every_problem_exactly(reference_engine, name):
    assert found(reference_engine, PROBLEMS / name) == EXPECTED_PROBLEMS[name]


def test_every_fixture_is_covered():
    from test_import_hostile import HOSTILE_PROBLEMS, HOSTILE_VALID  # issue #12's files, tested there

    assert {p.name for p in PROBLEMS.iterdir()} == set(EXPECTED_PROBLEMS) | set(HOSTILE_PROBLEMS)
    assert {p.name for p in VALID.iterdir()} == set(EXPECTED_NOTES) | set(HOSTILE_VALID)


@pytest.mark.parametrize("name", sorted(EXPECTED_NOTES))
def test_valid_files_are_accepted_with_their_notes(reference_engine, name):
    assert found(reference_engine, VALID / name) == EXPECTED_NOTES[name]


def test_oversize_file_is_refused_under_a_low_limit(reference_engine):
    path = VALID / "observations_utf8.csv"
    assert found(reference_engine, path, max_bytes=100) == [
        (
            "error",
            None,
            None,
            None,
            "The file is too large: 515 bytes (at most 100 bytes). Split it into several files.",
        )
    ]


def test_size_limit_comes_from_the_environment(reference_engine, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_MB", "0.0001")  # 104 bytes
    checked = importer.check(reference_engine, (VALID / "observations_utf8.csv").read_bytes(), "x.csv")
    assert [p.key for p in checked.problems] == ["file_too_large"]


def test_messages_in_azerbaijani(reference_engine):
    checked = importer.check(reference_engine, (PROBLEMS / "problems.csv").read_bytes(), "problems.csv")
    by_row = {p.row: p for p in checked.problems}
    assert by_row[5].message("az") == "Naməlum ərazi «Lenkoran». Bəlkə Lənkəran (AZ-LAN)?"
    assert by_row[5].where("az") == "vərəq «observations», sətir 5, sütun «geo»"
    assert by_row[11].message("az") == "«12,5» tam ədəd deyil: say tam ədəd olmalıdır."
    valid = importer.check(reference_engine, (VALID / "observations_utf8.csv").read_bytes(), "x.csv")
    assert valid.notes[1].message("az") == (
        "«Xanlar» köhnə addır: indiki adı Göygöl (AZ-GYG). Sətirlər Göygöl üzrə yazılacaq (sətirlər: 5)."
    )


def test_place_names_in_every_language_and_spelling(reference_engine):
    """Azerbaijani, English and Russian names, dotted İ, ı/i, x/kh, ç/ch, ş/sh, ə/e, former names."""
    assert [(r[0], r[3]) for r in records(reference_engine, "place_names.csv")] == [
        (2, "AZ-SBN"),  # Dəvəçi (former name)
        (3, "AZ-SBN"),  # Davachi (former name, English)
        (4, "AZ-SR"),  # Əli Bayramlı (former name of Şirvan)
        (5, "AZ-ISM"),  # İSMAYILLI (capitals, dotted İ): a known name, no note
        (6, "AZ-ISM"),  # Ismayılı
        (7, "AZ-XAC"),  # Khacmaz
        (8, "AZ-XAC"),  # Xachmaz
        (9, "AZ-SMI"),  # Shamaxı
        (10, "AZ-IMI"),  # Imisli
        (11, "AZ-QAB"),  # Gabala (English)
        (12, "AZ-SAK"),  # Шеки (Russian)
        (13, "AZ-LAN"),  # Lenkeran rayonu
    ]
    checked = importer.check(reference_engine, (VALID / "place_names.csv").read_bytes(), "place_names.csv")
    assert [p.message("az") for p in checked.notes if p.row in (2, 7)] == [
        "«Dəvəçi» köhnə addır: indiki adı Şabran (AZ-SBN). Sətirlər Şabran üzrə yazılacaq (sətirlər: 2).",
        "«Khacmaz» Xaçmaz (AZ-XAC) kimi oxundu (sətirlər: 7).",
    ]


def test_levels_are_named_in_the_readers_language(reference_engine):
    checked = importer.check(reference_engine, (PROBLEMS / "problems.csv").read_bytes(), "problems.csv")
    by_row = {p.row: p for p in checked.problems}
    assert by_row[8].message("az") == "«adoptions» göstəricisi rayon/şəhər səviyyəsində verilmir (yalnız: ölkə)."


def records(engine, name: str) -> list[tuple]:
    checked = importer.check(engine, (VALID / name).read_bytes(), name)
    assert checked.ok
    obs = checked.observations
    return list(
        zip(
            obs["row"],
            obs["indicator_code"],
            obs["geo_level"],
            obs["geo_code"],
            obs["period"],
            obs["value"],
            strict=True,
        )
    )


UTF8_RECORDS = [
    (2, "children_in_institutions", "district", "AZ-ABS", "2025", 120.0),
    (3, "children_in_institutions", "district", "AZ-LAN", "2025", 85.0),
    (4, "children_in_institutions", "district", "AZ-LA", "2025", 40.0),
    (5, "children_in_institutions", "district", "AZ-GYG", "2025", 33.0),
    (6, "children_in_institutions", "district", "AZ-SBN", "2025", 27.0),
    (7, "rehab_persons_served", "region", "ER-QAR", "2025-Q1", 1250.0),
    (8, "dost_satisfaction", "country", "AZ", "2025-08", 91.5),
]


@pytest.mark.parametrize("name", ["observations_utf8.csv", "observations_utf8_bom.csv"])
def test_the_same_figures_whatever_the_encoding_and_separator(reference_engine, name):
    assert records(reference_engine, name) == UTF8_RECORDS


def test_windows_code_pages(reference_engine):
    assert [r[3] for r in records(reference_engine, "observations_cp1251.csv")] == ["AZ-ABS", "AZ-LA", "AZ-QBA"]
    assert [r[3] for r in records(reference_engine, "observations_cp1254.csv")] == [
        "AZ-SBN",
        "AZ-GOY",
        "AZ-AGS",
        "AZ-ISM",
    ]
    assert [r[3] for r in records(reference_engine, "observations_utf16.txt")] == ["AZ-QAB"]


def test_workbook_merged_cells_formula_and_facilities(reference_engine):
    assert records(reference_engine, "workbook.xlsx") == [
        (3, "children_returned_to_families", "district", "AZ-QAB", "2025", 14.0),
        (4, "children_returned_to_families", "district", "AZ-QBA", "2025", 9.0),
        (5, "children_returned_to_families", "district", "AZ-SAK", "2025", 6.0),
        (7, "home_care_recipients", "district", "AZ-GYG", "2025-06", 215.0),
    ]
    checked = importer.check(reference_engine, (VALID / "workbook.xlsx").read_bytes(), "workbook.xlsx")
    new = checked.facilities
    assert new[["code", "name_az", "name_en", "network", "facility_type", "district_code"]].values.tolist() == [
        ["DOST-TEST-QAX", "Qax DOST Mərkəzi", "Qax DOST Mərkəzi", "dost", "centre", "AZ-QAX"]
    ]
    st = checked.statuses
    assert st[["row", "facility_code", "status", "status_date", "date_basis", "expected_open"]].values.tolist() == [
        [2, "DOST-TEST-QAX", "planned", "2025-03", "as_of", "2026"],
        [3, "DOST-TEST-QAX", "under_construction", "2025-09-01", "effective", None],
        [4, "DOST-MASALLI", "open", "2026-02-10", "effective", None],
    ]


def test_problems_know_their_place():
    p = Problem("required", "observations", 5, "dövr")
    assert p.where("en") == 'sheet "observations", row 5, column "dövr"'
    assert Problem("file_empty").where("en") == "file"
