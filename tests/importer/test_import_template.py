"""The template (Excel with lists and drop-downs, CSV) and the export guard against formula injection."""

import io

import openpyxl
import pandas as pd
import pytest
from importfx import VALID

from data import importer, queries
from data import schema as s
from data.importer.columns import FACILITY_COLUMNS, OBSERVATION_COLUMNS


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def template_az(reference_engine) -> bytes:
    return importer.template_xlsx(reference_engine, "az")


def test_template_sheets_and_headers(template_az):
    wb = workbook(template_az)
    assert wb.sheetnames == ["observations", "facilities", "lists", "guide"]
    assert [c.value for c in wb["observations"][1]] == [c.name for c in OBSERVATION_COLUMNS]
    assert [c.value for c in wb["facilities"][1]] == [c.name for c in FACILITY_COLUMNS]
    assert wb["observations"]["A1"].comment.text.startswith("Göstəricinin kodu")
    assert wb["guide"]["A1"].value == "Məlumatların idxalı: təlimat"


def test_template_lists_hold_every_valid_code(reference_engine, template_az):
    lists = pd.read_excel(io.BytesIO(template_az), sheet_name="lists", dtype=str)
    assert set(lists["indicator"].dropna()) == set(queries.indicators(reference_engine)["code"])
    assert set(queries.districts(reference_engine)["code"]) <= set(lists["code"].dropna())
    assert set(lists["status"].dropna()) == set(s.FACILITY_STATUSES)
    assert set(lists["facility_type"].dropna()) == set(s.FACILITY_TYPES)


def test_template_drop_downs(template_az):
    wb = workbook(template_az)
    rules = {
        str(v.sqref): (v.type, v.formula1, v.errorStyle) for v in wb["observations"].data_validations.dataValidation
    }
    assert rules["A2:A5001"][0] == "list" and rules["A2:A5001"][1].startswith("lists!$A$2:$A$")
    assert rules["A2:A5001"][2] in (None, "stop")  # "stop" is Excel's default (not written)
    assert rules["C2:C5001"][2] == "warning"  # other spellings of a place are allowed
    fac = {str(v.sqref) for v in wb["facilities"].data_validations.dataValidation}
    assert {"L2:L5001", "D2:D5001", "E2:E5001"} <= fac


def test_template_in_english(reference_engine):
    wb = workbook(importer.template_xlsx(reference_engine, "en"))
    assert wb["guide"]["A1"].value == "Data import: guide"
    assert wb["observations"]["A1"].comment.text.startswith("The indicator's code")


def test_an_empty_template_is_refused_and_a_filled_one_accepted(reference_engine, template_az):
    empty = importer.check(reference_engine, template_az, "template.xlsx")
    assert [(p.key, p.severity) for p in empty.problems] == [("no_data_rows", "error")]
    wb = workbook(template_az)
    wb["observations"].append(["children_in_institutions", "district", "Abşeron", "2025", 12, "", ""])
    wb["facilities"].append(
        ["DOST-MASALLI", None, None, None, None, None, None, None, None, None, None, "open", "2026-03-01"]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    filled = importer.check(reference_engine, buffer.getvalue(), "template.xlsx")
    assert filled.ok and filled.problems == []  # the lists and guide sheets are skipped without a note
    assert len(filled.observations) == 1 and len(filled.statuses) == 1


def test_csv_template():
    data = importer.template_csv("az")
    assert data.startswith(b"\xef\xbb\xbf")
    header = "indicator,geo_level,geo,period,value,qualifier,value_low,value_high,segment,source,note"
    assert data.decode("utf-8-sig").strip() == header


def test_csv_lists_hold_every_valid_code(reference_engine):
    """The CSV template's lists: every indicator code, every place code (country, regions, districts), the
    vocabularies of the facility sheet and the registry's facility codes."""
    lists = pd.read_csv(io.BytesIO(importer.lists_csv(reference_engine, "az")), dtype=str, encoding="utf-8-sig")
    assert list(lists.columns) == ["list", "code", "name_az", "name_en", "name_ru", "level", "kind", "unit"]
    by_list = lists.groupby("list")["code"].apply(set)
    assert by_list["indicator"] == set(queries.indicators(reference_engine)["code"])
    districts = queries.districts(reference_engine)
    regions = queries.economic_regions(reference_engine)
    assert by_list["geo"] == {"AZ"} | set(regions["code"]) | set(districts["code"])
    assert by_list["status"] == set(s.FACILITY_STATUSES)
    assert by_list["facility_type"] == set(s.FACILITY_TYPES)
    assert by_list["network"] == set(s.FACILITY_NETWORKS)
    assert by_list["facility_code"] == set(queries.facilities(reference_engine)["code"])
    abs_row = lists[lists["code"] == "AZ-ABS"].iloc[0]
    assert (abs_row["name_az"], abs_row["name_en"], abs_row["level"]) == ("Abşeron", "Absheron", "district")
    # every place name of the lists is read back as its own code by the import
    rows = lists[(lists["list"] == "geo") & (lists["level"] == "district")]
    body = "".join(f"children_in_institutions,district,{n},2025,1,,\n" for n in rows["name_az"])
    checked = importer.check(
        reference_engine, ("indicator,geo_level,geo,period,value,source,note\n" + body).encode(), "x.csv"
    )
    assert checked.ok and checked.observations["geo_code"].tolist() == rows["code"].tolist()


def test_csv_lists_are_the_same_in_every_language(reference_engine):
    """The CSV lists carry the names in every language, so the language asked for changes nothing."""
    assert importer.lists_csv(reference_engine, "en") == importer.lists_csv(reference_engine, "az")


def test_sanitize_for_export():
    df = pd.DataFrame(
        {"=x": ["=1+2", "+3", "-4", "@SUM(A1)", "\tx", "\rx", "ok", None], "n": [-1, 2, 3, 4, 5, 6, 7, 8]}
    )
    out = importer.sanitize_for_export(df)
    assert list(out.columns) == ["'=x", "n"]
    assert out["'=x"].tolist()[:7] == ["'=1+2", "'+3", "'-4", "'@SUM(A1)", "'\tx", "'\rx", "ok"]
    assert pd.isna(out["'=x"].iloc[7])
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7, 8]  # numbers, also negative ones, unchanged
    assert df["=x"].iloc[0] == "=1+2"  # the input is not changed


@pytest.mark.parametrize(
    "text",
    [
        " =1+2",
        '\u00a0=HYPERLINK("http://x.test")',
        "\n=1",
        "\uff1d1+2",
        "\uff0b1",
        "\uff20SUM(A1)",
        "  \t@x",
        "\ufeff=1",
    ],
)
def test_formula_variants_are_defused_too(text):
    """Blanks before the sign, a line feed, and the full-width signs some spreadsheets also run."""
    out = importer.sanitize_for_export(pd.DataFrame({"c": [text]}))
    assert out["c"].iloc[0] == "'" + text


def test_injected_text_is_stored_as_text_and_defused_on_export(sqlite_engine):
    engine = sqlite_engine
    c = importer.check(engine, (VALID / "injection.csv").read_bytes(), "injection.csv")
    importer.commit(engine, c)
    obs = queries.observations(engine, statuses=("official",))
    assert sorted(obs["note"]) == ["+1 note", "-minus"]  # stored as given
    exported = importer.sanitize_for_export(obs[["note", "source_title", "value"]])
    assert sorted(exported["note"]) == ["'+1 note", "'-minus"]
    assert sorted(exported["source_title"]) == ['\'=HYPERLINK("http://x.test","src")', "'@SUM(1)"]


def test_names_from_the_database_are_defused_in_the_template(sqlite_engine):
    engine = sqlite_engine
    with engine.begin() as conn:
        conn.execute(
            s.facilities.insert().values(
                code="EVIL-1", name_az="=cmd|' /C calc'!A0", name_en="=x", network="social", facility_type="other"
            )
        )
    wb = workbook(importer.template_xlsx(engine, "az"))
    values = [c.value for row in wb["lists"].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
