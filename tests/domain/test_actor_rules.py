"""Actor rows: organisation numbers, types, dates, and CSV in and out."""

from __future__ import annotations

from datetime import date

import pytest

from app.actors.csv_io import CsvRefused, read_actors, write_actors
from app.actors.rules import ActorInput, InvalidActor, organisation_number, validate_actor
from app.actors.vocabulary import ActorType, HelixSide

TODAY = date(2026, 11, 24)


def _validate(**changes: str) -> ActorInput:
    fields = {
        "name": "Volvo",
        "organisation_number_text": "556012-5790",
        "region": "Västra Götaland",
        "type_text": "anchor_company",
        "helix_side_text": "",
        "joined_on_text": "2025-01-15",
        "left_on_text": "",
    } | changes
    return validate_actor(**fields, today=TODAY)


@pytest.mark.parametrize("text", ["556012-5790", "5560125790", " 202100-5489 "])
def test_valid_organisation_numbers_are_normalised(text: str) -> None:
    assert organisation_number(text) in {"556012-5790", "202100-5489"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [("556012-5791", "check digit"), ("55601-25790", "NNNNNN-NNNN"), ("abc", "NNNNNN-NNNN")],
)
def test_invalid_organisation_numbers_say_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        organisation_number(text)


def test_the_helix_side_defaults_from_the_type_and_can_be_overridden() -> None:
    assert _validate().helix_side is HelixSide.BUSINESS
    university = _validate(type_text="Universitet eller högskola", organisation_number_text="")
    assert university.type is ActorType.UNIVERSITY
    assert university.helix_side is HelixSide.ACADEMIA
    assert _validate(helix_side_text="Offentlig").helix_side is HelixSide.PUBLIC


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    with pytest.raises(InvalidActor) as caught:
        _validate(
            name=" ",
            organisation_number_text="556012-5791",
            type_text="startup",
            joined_on_text="2027-01-01",
            left_on_text="2020-01-01",
        )
    assert set(caught.value.errors) == {
        "name",
        "organisation_number",
        "type",
        "joined_on",
        "left_on",
    }


def test_leaving_before_joining_is_refused() -> None:
    with pytest.raises(InvalidActor) as caught:
        _validate(left_on_text="2024-12-31")
    assert caught.value.errors == {"left_on": "The leaving date lies before the joining date."}


GOOD = (
    "\ufeffnamn;organisationsnummer;region;typ;helix;ansluten;lämnade\n"
    "Volvo;556012-5790;Västra Götaland;anchor_company;;2024-02-01;\n"
    "Chalmers;;Västra Götaland;university;;2024-03-01;\n"
    "Gamla AB;5561234567;Skåne;sme;business;2024-01-01;2025-06-30\n"
)


def test_a_csv_with_swedish_headers_a_bom_and_semicolons_reads() -> None:
    rows = read_actors(GOOD.encode("utf-8"), today=TODAY)
    assert [line for line, _ in rows] == [2, 3, 4]
    assert [a.name for _, a in rows] == ["Volvo", "Chalmers", "Gamla AB"]
    assert rows[1][1].helix_side is HelixSide.ACADEMIA
    assert rows[2][1].organisation_number == "556123-4567"
    assert rows[2][1].left_on == date(2025, 6, 30)


def test_a_csv_with_commas_and_english_headers_reads() -> None:
    text = "name,region,type,joined_on\nSaab,Östergötland,anchor_company,2024-01-01\n"
    assert [a.name for _, a in read_actors(text.encode(), today=TODAY)] == ["Saab"]


def test_bad_rows_are_reported_by_line_and_field() -> None:
    text = GOOD + "Trasig;556012-5791;Skåne;sme;;2024-01-01;\n;;Skåne;spaceship;;igår;\n"
    with pytest.raises(CsvRefused) as caught:
        read_actors(text.encode(), today=TODAY)
    found = {(e.line, e.field) for e in caught.value.errors}
    assert found == {(5, "organisation_number"), (6, "name"), (6, "type"), (6, "joined_on")}


@pytest.mark.parametrize(
    "data",
    [b"", b"name;region\nA;B\n", "namn;län;typ;ansluten\n".encode("utf-16")],
)
def test_a_file_without_a_usable_header_is_refused_as_a_whole(data: bytes) -> None:
    with pytest.raises(CsvRefused) as caught:
        read_actors(data, today=TODAY)
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "file")]


def test_an_export_reads_back_the_same() -> None:
    rows = [a for _, a in read_actors(GOOD.encode(), today=TODAY)]
    exported = write_actors(rows)  # Swedish, as for a Swedish reader
    assert exported.startswith("\ufeffnamn;organisationsnummer;region;typ;helix;ansluten;")
    assert [a for _, a in read_actors(exported.encode(), today=TODAY)] == rows
    english = write_actors(rows, lang="en")
    assert english.startswith("\ufeffname,organisation_number,region,type,helix_side,")
    assert [a for _, a in read_actors(english.encode(), today=TODAY)] == rows


def test_a_name_that_looks_like_a_formula_is_quoted_and_reads_back() -> None:
    data = b"name,region,type,joined_on\n=HYPERLINK(x),R,sme,2024-01-01\n"
    exported = write_actors([a for _, a in read_actors(data, today=TODAY)])
    assert "\r\n'=HYPERLINK(x);" in exported
    assert [a.name for _, a in read_actors(exported.encode(), today=TODAY)] == ["=HYPERLINK(x)"]


def test_a_row_the_csv_reader_cannot_split_is_refused_by_line() -> None:
    # An unclosed quote swallows the rest of the file into one field, past the csv
    # module's field limit: that is a bad file (422), not a server error.
    data = GOOD.encode() + b'"Ohne Ende;;Sk\xc3\xa5ne;sme;;2024-01-01;\n' + b"x" * 200_000
    with pytest.raises(CsvRefused) as caught:
        read_actors(data, today=TODAY)
    assert [(e.line, e.field) for e in caught.value.errors] == [(5, "file")]
