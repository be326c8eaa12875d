"""The importer's cells: dates, numbers and percentages as spreadsheets write them,
presets and header aliases."""

from __future__ import annotations

import pytest

from conftest import cells_table
from hrcli import importer
from hrcli.importer.mapping import clean_record

# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


def cleaned_records(text: str, kind: str = "events", preset=()):
    t = cells_table(text.encode("utf-8"))
    cmap, _ignored = importer.column_map(t.columns, kind, [])
    return [clean_record(raw, cmap, kind, dict(preset)) for _w, raw in t.rows]


# -- importer: cells to values ---------------------------------------------------------------------


def test_a_dotted_date_is_day_month_year():
    recs = cleaned_records("date,summary\n12.05.2023,a\n1.2.2010,b\n31.12.2009,c\n")
    assert [r["date"] for r in recs] == ["2023-05-12", "2010-02-01", "2009-12-31"]


def test_a_slashed_date_is_read_only_where_its_order_is_certain():
    """25/05/2023 can only be day/month (there is no month 25) and 2023/05/25 only year/month/day; 12/05/2023
    stays as written, for the validator to refuse with its hint."""
    recs = cleaned_records(
        "date,summary\n25/05/2023,a\n05/25/2023,b\n2023/05/25,c\n12/05/2023,d\n31/02/2023,e\n2010/2011,f\n"
    )
    assert [r["date"] for r in recs] == [
        "2023-05-25",
        "2023-05-25",
        "2023-05-25",
        "12/05/2023",
        "31/02/2023",
        "2010/2011",
    ]


@pytest.mark.parametrize(
    "cell",
    ["2010-07-15 00:00:00", "2010-07-15T00:00:00Z", "2010-07-15T00:00:00", "2010-07-15 00:00", "15 July 2010",
     "15-Jul-2010", "July 15, 2010", "Jul 15, 2010", "Jul. 15, 2010", "15 jul 2010"],
)  # fmt: skip
def test_dates_as_spreadsheet_tools_write_them_are_days(cell):
    # pandas/R write a date column as a datetime at midnight; Excel's d-mmm-yyyy; month names in English
    assert importer.mapping._date(cell) == "2010-07-15"


@pytest.mark.parametrize("cell", ["2010-07-15 13:45:00", "31 Feb 2011", "15 Jux 2010", "15-Jul-10", "7/15/10"])
def test_no_other_time_no_impossible_day_and_no_two_digit_year_is_guessed(cell):
    assert importer.mapping._date(cell) == cell  # stays as written: the validator refuses it, with its row


def test_a_two_digit_year_gets_a_hint_naming_it():
    from hrcli.importer.dates import slashed_fix

    assert "in 15-Jul-10 the century is unknown: a year of two digits" in slashed_fix("15-Jul-10")
    assert "the century, are unknown" in slashed_fix("7/15/10")
    assert slashed_fix("15-Jul-2010") == "" and slashed_fix("15-Jux-10") == ""


def test_a_slashed_date_with_equal_day_and_month_is_that_day_and_a_column_settles_the_others():
    from hrcli.importer.dates import ambiguous, column_order

    assert importer.mapping._date("04/04/2023") == "2023-04-04"
    assert not ambiguous("04/04/2023") and ambiguous("03/04/2023") and not ambiguous("13/04/2023")
    assert importer.mapping._date("03/04/2023") == "03/04/2023"  # alone: unknown
    assert importer.mapping._date("03/04/2023", "dmy") == "2023-04-03"
    assert importer.mapping._date("03/04/2023", "mdy") == "2023-03-04"
    assert importer.mapping._date("13/04/2023", "mdy") == "2023-04-13"  # a cell that tells its order keeps it
    assert column_order(["03/04/2023", "", None, 2011, "17/04/2003"]) == "dmy"
    assert column_order(["03/04/2023", "4/17/2003"]) == "mdy"
    assert column_order(["03/04/2023", "04/04/2023", "2023-05-01"]) == ""
    assert column_order(["17/04/2003", "4/17/2003", "13/01/2001"]) == "both"


def test_spreadsheet_numbers_for_dates_are_years_or_excel_day_serials():
    import datetime as dt

    assert importer.mapping._date(2011) == "2011"
    assert importer.mapping._date(45058) == "2023-05-12"  # Excel's serial day for 12 May 2023
    assert importer.mapping._date(dt.date(2023, 5, 12)) == "2023-05-12"
    # an Excel date cell comes as a datetime at midnight: a day, not a time
    assert importer.mapping._date(dt.datetime(2023, 5, 12)) == "2023-05-12"


def test_figures_as_spreadsheets_write_them():
    n = importer.mapping._number
    assert [n("1,234"), n("12 345"), n("3,5"), n("30,4%"), n("−7"), n("12%")] == [1234, 12345, 3.5, 30.4, -7, 12]


def test_a_percent_cell_gives_the_unit_and_topics_are_lower_case():
    (rec,) = cleaned_records("topic,table,label,value,source,locator\nasylum,T,L,12%,unct-2009,para. 1\n", kind="stats")
    assert rec["value"] == 12 and rec["unit"] == "percent"
    (rec,) = cleaned_records("date,summary,Topics\n2011,a,Asylum; UPR\n")
    assert rec["topics"] == ["asylum", "upr"]


def test_a_preset_fills_only_rows_without_a_value_and_aliases_map_headers():
    recs = cleaned_records(
        "date,summary,Source ID,Record ID\n2011,a,gov-2011,r1\n2012,b,,r2\n", preset=[("source", "unct-2009")]
    )
    assert [(r["id"], r["source"]) for r in recs] == [("r1", "gov-2011"), ("r2", "unct-2009")]


def test_a_rows_id_does_not_depend_on_the_order_of_its_columns():
    a = cells_table(b"date,summary,extra\n2011,a,x\n").rows[0][1]
    b = cells_table(b"extra,summary,date\nx,a,2011\n").rows[0][1]
    assert importer.row_id("t.csv", "events", a) == importer.row_id("t.csv", "events", b)
    assert importer.row_id("t.csv", "events", a) != importer.row_id("t.csv", "claims", a)
