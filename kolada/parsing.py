"""Reading Kolada's v3 responses into plain values: no network, no database.

Both the client (a live fetch) and the import of a saved response file go
through these functions, so a file is read exactly as the API's answer is.
The shapes, as Kolada's v3 documentation gives them:

- data: ``{"count", "next_page" (or "next_url"), "previous_page", "values": [{"kpi", "municipality",
  "period", "values": [{"gender", "status", "count", "value"}]}]}``
- KPI metadata: ``{"values": [{"id", "title", "is_divided_by_gender", ...}]}``
- municipalities: ``{"values": [{"id", "title", "type"}]}``
- municipality groups: ``{"values": [{"id", "title", "members": [{"id", "title"}]}]}``
  (members are also seen as ``{"member_id", "member_title"}``; both are read).

A value that is null, or whose status is "Missing", is absent (None), never zero.
A value marked ``isdeleted`` (on the row or on the gender's value) is read as
deleted; a value that is no number is read as invalid, so that the fetch can
skip it and name it while it stores the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from portal.jsondepth import json_depth

VALUE_PLACES = Decimal("0.0001")  # as many decimals as goals.Measurement keeps
MISSING_STATUS = "missing"


class KoladaError(Exception):
    """Kolada could not be reached, or answered with something Styrportal cannot use. The message is Swedish."""


class KoladaFormatError(KoladaError):
    """A response that is not what Kolada's v3 documentation describes."""


@dataclass(frozen=True)
class DataPoint:
    kpi: str
    municipality: str  # a municipality id ("1489") or a group id ("G124026")
    year: int
    gender: str  # "T" total, "K" women, "M" men
    value: Decimal | None
    status: str = ""
    deleted: bool = False  # Kolada marks a withdrawn value "isdeleted": it is no current value
    invalid: str = ""  # the published value, when it is no number: skipped, and named in a warning


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    is_divided_by_gender: bool = False


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    member_ids: tuple[str, ...] = ()


# Kolada's answers nest six levels at most (a saved list of answers, an answer, its values,
# a row, its values per gender, one of them); far deeper is no answer from Kolada.
MAX_DEPTH = 20


def load_json(body: bytes, *, what: str) -> Any:
    """The parsed JSON of a response body; ``what`` names the response in the error.

    JSON nested deeper than ``MAX_DEPTH`` is refused: deep enough, it would
    exhaust Python's recursion while it is parsed.
    """
    if json_depth(body) > MAX_DEPTH:  # before parsing: parsing a thousand levels may recurse past the limit
        raise KoladaFormatError(_too_deep(what))
    try:
        payload = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KoladaFormatError(
            _("Svaret från Kolada (%(what)s) är inte giltig JSON (%(reason)s). Inget har sparats.")
            % {"what": what, "reason": str(exc)}
        ) from None
    except RecursionError:
        payload = None
        too_deep = True
    else:
        too_deep = nested_deeper_than(payload, MAX_DEPTH)
    if too_deep:
        raise KoladaFormatError(_too_deep(what))
    return payload


def _too_deep(what: str) -> str:
    return _(
        "Svaret från Kolada (%(what)s) är nästlat i fler än %(limit)d nivåer, vilket inget svar från "
        "Koladas API är. Inget har sparats; spara svaret från Kolada på nytt och läs in det."
    ) % {"what": what, "limit": MAX_DEPTH}


def nested_deeper_than(payload: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than ``limit`` levels; walked with a stack, not recursion."""
    stack: list[tuple[Any, int]] = [(payload, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def is_deleted(entry: dict[str, Any]) -> bool:
    """Whether Kolada marks a value as deleted (``isdeleted``: true, 1 or "true")."""
    flag = entry.get("isdeleted", entry.get("is_deleted"))
    return flag is True or flag == 1 or (isinstance(flag, str) and flag.strip().lower() in ("true", "1"))


def _malformed(what: str, detail: str) -> KoladaFormatError:
    return KoladaFormatError(
        _("Svaret från Kolada (%(what)s) har inte det format Koladas API version 3 beskriver: %(detail)s.")
        % {"what": what, "detail": detail}
    )


def values_of(payload: Any, *, what: str) -> list[dict[str, Any]]:
    """The ``values`` list of a v3 response, each a mapping."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise _malformed(what, _("listan ”values” saknas"))
    rows = payload["values"]
    if not all(isinstance(row, dict) for row in rows):
        raise _malformed(what, _("”values” innehåller något annat än poster"))
    return rows


NEXT_LINKS = ("next_page", "next_url")  # v3 documents next_page; next_url has been seen too


def next_page(payload: Any) -> str | None:
    """The address of the next page as the answer gives it (absolute or relative), or None on the last one."""
    if not isinstance(payload, dict):
        return None
    for key in NEXT_LINKS:
        url = payload.get(key)
        if isinstance(url, str) and url.strip():
            return url.strip()
    return None


def to_decimal(raw: Any, *, status: str = "", what: str = "data") -> Decimal | None:
    """A published number as a Decimal with four decimals; None when it is null or marked missing."""
    if raw is None or status.strip().lower() == MISSING_STATUS:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _malformed(what, _("värdet %(value)r är inget tal") % {"value": raw})
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise _malformed(what, _("värdet %(value)r är inget tal") % {"value": raw}) from None
    if not number.is_finite():
        raise _malformed(what, _("värdet %(value)r är inget tal") % {"value": raw})
    return number.quantize(VALUE_PLACES)


def parse_data(payload: Any, *, what: str = "data") -> list[DataPoint]:
    """Every value of a data response, one per KPI, municipality, year and gender."""
    points: list[DataPoint] = []
    for row in values_of(payload, what=what):
        try:
            kpi, municipality, year = str(row["kpi"]), str(row["municipality"]), int(row["period"])
            genders = row["values"]
        except (KeyError, TypeError, ValueError):
            raise _malformed(what, _("en post saknar kpi, municipality, period eller values")) from None
        if not isinstance(genders, list):
            raise _malformed(what, _("”values” för %(kpi)s är ingen lista") % {"kpi": kpi})
        row_deleted = is_deleted(row)
        for entry in genders:
            if not isinstance(entry, dict) or "gender" not in entry:
                raise _malformed(what, _("ett värde för %(kpi)s saknar gender") % {"kpi": kpi})
            status = str(entry.get("status") or "")
            # One value that is no number is skipped (and named by the fetch), not the whole answer.
            try:
                value, invalid = to_decimal(entry.get("value"), status=status, what=what), ""
            except KoladaFormatError:
                value, invalid = None, str(entry.get("value"))[:40]
            points.append(
                DataPoint(
                    kpi=kpi,
                    municipality=municipality,
                    year=year,
                    gender=str(entry["gender"]),
                    value=value,
                    status=status,
                    deleted=row_deleted or is_deleted(entry),
                    invalid=invalid,
                )
            )
    return points


def parse_kpis(payload: Any, *, what: str = "kpi") -> list[Kpi]:
    kpis = []
    for row in values_of(payload, what=what):
        if "id" not in row:
            raise _malformed(what, _("ett nyckeltal saknar id"))
        kpis.append(
            Kpi(
                id=str(row["id"]),
                title=str(row.get("title") or ""),
                is_divided_by_gender=bool(row.get("is_divided_by_gender")),
            )
        )
    return kpis


def parse_municipalities(payload: Any, *, what: str = "municipality") -> list[Municipality]:
    municipalities = []
    for row in values_of(payload, what=what):
        if "id" not in row:
            raise _malformed(what, _("en kommun saknar id"))
        municipalities.append(
            Municipality(id=str(row["id"]), title=str(row.get("title") or ""), type=str(row.get("type") or ""))
        )
    return municipalities


def parse_groups(payload: Any, *, what: str = "municipality_groups") -> list[Group]:
    groups = []
    for row in values_of(payload, what=what):
        if "id" not in row or "title" not in row:
            raise _malformed(what, _("en kommungrupp saknar id eller title"))
        members = row.get("members") or []
        if not isinstance(members, list):
            raise _malformed(what, _("medlemmarna i %(title)s är ingen lista") % {"title": row["title"]})
        member_ids = tuple(
            str(member.get("id", member.get("member_id", ""))) for member in members if isinstance(member, dict)
        )
        groups.append(Group(id=str(row["id"]), title=str(row["title"]), member_ids=member_ids))
    return groups


def normalise_title(title: str) -> str:
    """A group title as it is compared: case and runs of whitespace do not matter."""
    return " ".join(title.split()).casefold()


def find_group(groups: list[Group], title: str) -> Group | None:
    """The group with this title; None if there is none."""
    wanted = normalise_title(title)
    return next((group for group in groups if normalise_title(group.title) == wanted), None)


def response_kind(payload: Any) -> str:
    """What a saved response holds, from the shape of its first value: "data", "groups", "kpi" or "municipality".

    An empty response is "empty"; anything else raises ``KoladaFormatError``.
    """
    rows = values_of(payload, what=_("filen"))
    if not rows:
        return "empty"
    first = rows[0]
    if {"kpi", "municipality", "period"} <= first.keys():
        return "data"
    if "members" in first:
        return "groups"
    if "is_divided_by_gender" in first or "operating_area" in first:
        return "kpi"
    if "type" in first and "title" in first:
        return "municipality"
    raise _malformed(_("filen"), _("det går inte att se vilket slags svar den innehåller"))
