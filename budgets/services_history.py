"""The history of a document's figures: what each write added, removed or changed, who made it and through what.

The import replaces a document wholesale, so history is not kept per row: each write compares the
document's figures before and after (``budgets.exchange.comparing.figure_changes``, the same comparison the
import's preview shows) and stores only the figures that differ, as one ``BudgetRevision`` with its
``FigureChange`` rows. A write that changes no figure stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models

from budgets.exchange import BudgetExchange, exchange_from_document
from budgets.exchange.comparing import Change, figure_changes
from budgets.exchange.layout import INVESTMENT, OPERATING
from budgets.exchange.values import DocumentInfo
from budgets.models import (
    BUDGET_UNIT,
    STATEMENT_UNIT,
    BudgetDocument,
    BudgetRevision,
    FigureChange,
    StatementAmount,
    StatementLine,
)
from portal.models import User


def empty_exchange(document: BudgetDocument | DocumentInfo) -> BudgetExchange:
    """A document without figures: what a new document is compared with, so that each figure is "added"."""
    return BudgetExchange(
        DocumentInfo(
            year=document.year,
            title=document.title,
            plan_years=document.plan_years,
            status=document.status,
            decision_reference=document.decision_reference,
            decision_date=document.decision_date,
        )
    )


def record_figure_changes(
    *,
    document: BudgetDocument,
    changes: Sequence[Change],
    actor: User | None,
    source: BudgetRevision.Source,
    file_name: str = "",
) -> BudgetRevision | None:
    """Stores the changes as one revision of the document; none when nothing changed. Two queries."""
    if not changes:
        return None
    revision = BudgetRevision.objects.create(
        document=document,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=str(actor) if actor is not None and actor.pk else "",
        source=source,
        file_name=file_name[:255],
    )
    FigureChange.objects.bulk_create(
        FigureChange(
            revision=revision,
            table=change.table[:100],
            row=change.row[:200],
            column=change.column[:100],
            old=change.old,
            new=change.new,
            unit=BUDGET_UNIT if change.table in (OPERATING, INVESTMENT) else STATEMENT_UNIT,
            sort_order=number,
        )
        for number, change in enumerate(changes, start=1)
    )
    return revision


def _same_name(name: str) -> str:
    return name


class FigureSnapshot:
    """The figures of some documents as they are now, to record what a write changes in them afterwards.

    For writes that do not go through the import (the admin): take the snapshot before the write, call
    ``record()`` after it, in the same transaction.
    """

    def __init__(self, document_ids: Iterable[int | None]) -> None:
        ids = {pk for pk in document_ids if pk is not None}
        self.before: dict[int, BudgetExchange] = {
            document.pk: exchange_from_document(document) for document in BudgetDocument.objects.filter(pk__in=ids)
        }

    def record(
        self, *, actor: User | None, source: BudgetRevision.Source, also: Iterable[int | None] = ()
    ) -> list[BudgetRevision]:
        """One revision per document whose figures differ from the snapshot. ``also``: documents that did not
        exist when the snapshot was taken (compared with an empty document); a document deleted since has no
        history left to add to."""
        ids = set(self.before) | {pk for pk in also if pk is not None}
        revisions = []
        for document in BudgetDocument.objects.filter(pk__in=ids).order_by("year"):
            before = self.before.get(document.pk)
            if before is None:
                before = empty_exchange(document)
            changes = figure_changes(before, exchange_from_document(document), _same_name)
            revision = record_figure_changes(document=document, changes=changes, actor=actor, source=source)
            if revision is not None:
                revisions.append(revision)
        return revisions


def document_ids_of(obj: models.Model) -> set[int | None]:
    """The document a budget row belongs to, now and as stored (a changed row may move to another document)."""
    if isinstance(obj, BudgetDocument):
        return {obj.pk}
    if isinstance(obj, StatementAmount):
        ids: set[int | None] = {
            StatementLine.objects.filter(pk=obj.line_id).values_list("document_id", flat=True).first()
        }
        if obj.pk:
            ids |= set(StatementAmount.objects.filter(pk=obj.pk).values_list("line__document_id", flat=True))
        return ids
    ids = {getattr(obj, "document_id", None)}
    if obj.pk:
        ids |= set(type(obj)._default_manager.filter(pk=obj.pk).values_list("document_id", flat=True))
    return ids


def document_history(document: BudgetDocument) -> list[BudgetRevision]:
    """The document's revisions, newest first, each with its changes. Two queries."""
    return list(BudgetRevision.objects.filter(document=document).prefetch_related("changes"))
