"""Reading v3 responses into plain values: no network, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolada.parsing import (
    Group,
    KoladaFormatError,
    find_group,
    load_json,
    parse_data,
    parse_groups,
    response_kind,
    to_decimal,
)


def test_missing_and_null_are_absent_never_zero() -> None:
    assert to_decimal(None) is None
    assert to_decimal(12.5, status="Missing") is None
    assert to_decimal(12.5, status="missing") is None
    assert to_decimal(0) == Decimal("0")  # a published zero is a value
    assert to_decimal(57.3) == Decimal("57.3000")


@pytest.mark.parametrize("raw", ["abc", True, {"a": 1}, "NaN"])
def test_a_value_that_is_no_number_is_refused(raw: object) -> None:
    with pytest.raises(KoladaFormatError, match="inget tal"):
        to_decimal(raw)


def test_gender_split_values_are_kept_apart() -> None:
    payload = {
        "values": [
            {
                "kpi": "U15900",
                "municipality": "1489",
                "period": 2024,
                "values": [
                    {"gender": "T", "status": "", "value": 71},
                    {"gender": "K", "status": "", "value": 74},
                    {"gender": "M", "status": "Missing", "value": None},
                ],
            }
        ]
    }
    points = parse_data(payload)
    assert [(p.gender, p.value) for p in points] == [("T", Decimal("71")), ("K", Decimal("74")), ("M", None)]


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"count": 1},
        {"values": "nej"},
        {"values": [1, 2]},
        {"values": [{"kpi": "U11901", "municipality": "1489"}]},
        {"values": [{"kpi": "U11901", "municipality": "1489", "period": 2024, "values": [{"value": 3}]}]},
    ],
)
def test_shapes_other_than_the_documented_are_refused(payload: object) -> None:
    with pytest.raises(KoladaFormatError, match="format Koladas API version 3"):
        parse_data(payload)


def test_bad_json_is_refused() -> None:
    with pytest.raises(KoladaFormatError, match="inte giltig JSON"):
        load_json(b'{"values": [', what="data")


def test_a_group_is_found_by_title_whatever_the_case_and_spacing() -> None:
    groups = parse_groups({"values": [{"id": "G1", "title": "Alla kommuner (ovägt medel)", "members": []}]})
    assert find_group(groups, "alla  kommuner (OVÄGT medel)") == Group("G1", "Alla kommuner (ovägt medel)")
    assert find_group(groups, "Alla kommuner") is None


def test_what_a_saved_response_holds() -> None:
    assert response_kind({"values": [{"kpi": "U1", "municipality": "1", "period": 2024, "values": []}]}) == "data"
    assert response_kind({"values": [{"id": "G1", "title": "x", "members": []}]}) == "groups"
    assert response_kind({"values": []}) == "empty"
    with pytest.raises(KoladaFormatError):
        response_kind({"values": [{"foo": 1}]})
