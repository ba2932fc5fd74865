"""CSV as Swedish Excel writes it: semicolons, decimal comma, space or NBSP thousands, either minus, three encodings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.exchange import YearColumn, parse_number, parse_sheets, read_file
from budgets.models import Basis

# The template filled in by hand, as a controller's Excel saves it; {NBSP} etc. are filled in below.
CSV = """\
Dokument;År;Titel;Antal planår;Status;Beslut;Beslutsdatum
Dokument;2026;Mål och budget 2026;2;Antagen;KF 2025-11-26 § 180;2025-11-26

Resultatbudget;Rad;Betydelse;Summarad;Budget 2026;Plan 2027;Plan 2028
Resultatbudget;Verksamhetens nettokostnader;net_cost;nej;{MINUS}3{NBSP}055;-3 163;−3{NNBSP}262,5
Resultatbudget;Årets resultat;result;ja;146;125;113
Balansbudget;Rad;Betydelse;Summarad;Budget 2026;Plan 2027;Plan 2028
Kassaflödesbudget;Rad;Betydelse;Summarad;Budget 2026;Plan 2027;Plan 2028
Driftbudget;Nämnd;Budget 2026;Plan 2027;Plan 2028
Driftbudget;BUN;1{NBSP}131{NBSP}226;1 164 800;
Driftbudget;Summa kommunbidrag;3 070 880;;
Investeringsbudget;Nämnd/område;2026;2027
Investeringsbudget;VA;308 024;502 140
Texter;Rubrik;Text
Texter;Arbetsgivaren;"Rad ett; med semikolon
Rad två"
"""


def filled(minus: str = "\u2212") -> str:
    return CSV.format(MINUS=minus, NBSP="\u00a0", NNBSP="\u202f")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 017 829", Decimal(1017829)),
        ("1\u00a0017\u00a0829", Decimal(1017829)),
        ("1\u202f017\u202f829", Decimal(1017829)),
        ("-3 055", Decimal(-3055)),
        ("\u22123\u00a0055", Decimal(-3055)),
        ("4,4", Decimal("4.4")),
        ("−0,25", Decimal("-0.25")),
        (" 12 ", Decimal(12)),
        ("", None),
        ("   ", None),
        (None, None),
        (1017829, Decimal(1017829)),
        (4.4, Decimal("4.4")),
        (0.1 + 0.2, Decimal("0.30")),  # float noise from a formula in Excel
    ],
)
def test_numbers_as_swedish_excel_writes_them(text: object, expected: Decimal | None) -> None:
    assert parse_number(text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ca 1 000", "är inte ett belopp"),
        ("12 tkr", "utan enhet"),
        ("4.4", "decimalkomma"),
        ("1,234", None),  # a decimal comma with three decimals
        ("1,005", "fler än två decimaler"),
    ],
)
def test_numbers_that_are_refused_say_how_to_write_them(text: str, says: str | None) -> None:
    with pytest.raises(ValueError) as refused:
        parse_number(text)
    assert says is None or says in str(refused.value)


def read(data: bytes):  # type: ignore[no-untyped-def]
    file_format, sheets, _encoding = read_file(data)
    assert file_format == "csv"
    exchange, problems, _notes = parse_sheets(sheets)
    assert problems == []
    assert exchange is not None
    return exchange


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-8"),
        lambda text: text.replace("\u2212", "-").replace("\u202f", " ").encode("cp1252"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=["utf-8 with BOM", "utf-8 without BOM", "windows-1252", "CRLF"],
)
def test_csv_in_every_encoding_excel_writes(encode) -> None:  # type: ignore[no-untyped-def]
    exchange = read(encode(filled()))
    assert exchange.document.year == 2026 and exchange.document.status == "adopted"
    net_cost = exchange.lines[0]
    assert net_cost.amounts == {
        YearColumn(2026, Basis.BUDGET): Decimal(-3055),
        YearColumn(2027, Basis.PLAN): Decimal(-3163),
        YearColumn(2028, Basis.PLAN): Decimal("-3262.5"),
    }
    assert exchange.operating[0].committee == "BUN"
    assert exchange.operating[0].amounts == {
        YearColumn(2026, Basis.BUDGET): Decimal(1131226),
        YearColumn(2027, Basis.PLAN): Decimal(1164800),
    }
    assert exchange.totals[0].label == "Summa kommunbidrag" and exchange.totals[0].amounts == {2026: Decimal(3070880)}
    assert exchange.investments[0].area == "water"
    assert exchange.texts[0].body.replace("\r\n", "\n") == "Rad ett; med semikolon\nRad två"


def test_ascii_minus_works_too() -> None:
    assert read(filled(minus="-").encode()).lines[0].amounts[YearColumn(2026, Basis.BUDGET)] == Decimal(-3055)


def test_comma_separated_file_with_quoted_decimals() -> None:
    lines = [
        "Dokument,År,Titel,Antal planår,Status,Beslut,Beslutsdatum",
        "Dokument,2026,Mål och budget 2026,2,Förslag,,",
        "Resultatbudget,Rad,Betydelse,Summarad,Budget 2026",
        'Resultatbudget,Årets resultat,result,ja,"146,5"',
        "Balansbudget,Rad,Betydelse,Summarad",
        "Kassaflödesbudget,Rad,Betydelse,Summarad",
        "Driftbudget,Nämnd",
        "Investeringsbudget,Nämnd/område",
    ]
    exchange = read("\n".join(lines).encode())
    assert exchange.lines[0].amounts == {YearColumn(2026, Basis.BUDGET): Decimal("146.5")}
