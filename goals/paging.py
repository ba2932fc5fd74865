"""Pages of goals: a committee with 50 goals and 250 indicators is read and reported a page at a time
(the follow-up editor, the committee page), with the page in the URL (``?sida=N``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.http import HttpRequest

from portal.querystring import query_number

T = TypeVar("T")


@dataclass(frozen=True)
class GoalPage:
    number: int
    count: int
    first: int  # the page's first and last goal, counted from 1 (0, 0 without goals)
    last: int
    total: int

    @classmethod
    def of(cls, number: int, total: int, per_page: int) -> GoalPage:
        """Page ``number`` (kept within 1 and the last page) of ``total`` goals."""
        count = max(1, -(-total // per_page))
        number = min(max(1, number), count)
        first = (number - 1) * per_page
        return cls(number, count, first + 1 if total else 0, min(first + per_page, total), total)

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)

    def query(self) -> str:
        return f"?sida={self.number}"

    def slice(self, items: list[T]) -> list[T]:
        return items[self.first - 1 : self.last] if self.total else []


# More pages than any committee's goals fill; a larger ?sida= is read as the first page, a smaller one is kept
# within the last page by GoalPage.of.
MAX_PAGE = 10_000


def page_number(request: HttpRequest) -> int:
    """``?sida=`` as a page number; 1 if absent or not a number (a "²" or twenty digits too)."""
    return query_number(request, "sida", minimum=1, maximum=MAX_PAGE) or 1
