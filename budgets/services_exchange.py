"""Previewing and writing an imported budget document.

Kept apart from budgets/services.py (the document pages' reads) as the
import/export feature's own services, like views_exchange and urls_exchange.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budgets import checks
from budgets.exchange import (
    BudgetExchange,
    FileFormat,
    FileRefused,
    Problem,
    check_against_database,
    committee_lookup,
    exchange_from_document,
    parse_sheets,
    read_file,
)
from budgets.exchange.comparing import Change, figure_changes
from budgets.models import (
    BudgetDocument,
    BudgetRevision,
    DocumentText,
    InvestmentArea,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    StatementAmount,
    StatementLine,
)
from budgets.services import document_overview
from budgets.services_history import empty_exchange, record_figure_changes
from portal import publiccache
from portal.models import Committee, User

logger = logging.getLogger("portal.budgets")

UNREADABLE = gettext_noop(
    "Filen gick inte att läsa, och samma fil ger samma fel igen. Öppna den i Excel, spara den som "
    "”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen; går det inte heller, skicka filen till portalens "
    "administratör."
)


class ImportRefused(Exception):
    """The data cannot be written; nothing was."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Preview:
    """What an upload would do: its data, every problem, and the consistency findings."""

    file_format: FileFormat | None
    exchange: BudgetExchange | None
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)  # sheets left unread
    findings: list[checks.Finding] = field(default_factory=list)
    replaces: BudgetDocument | None = None
    changes: list[Change] = field(default_factory=list)  # every figure the replacement changes

    @property
    def ok(self) -> bool:
        return self.exchange is not None and not self.problems


def budget_import_read(*, data: bytes) -> Preview:
    """Reads an uploaded file and checks it against the portal's committees; writes nothing.

    The only step that parses the file: the preview and the confirmation work on what it returns.
    """
    try:
        file_format, sheets, encoding = read_file(data)
        exchange, problems, notes = parse_sheets(sheets)
        if encoding:
            notes.insert(0, _("CSV-filen lästes med teckenkodningen %(encoding)s.") % {"encoding": encoding})
    except FileRefused as refused:
        return Preview(None, None, [refused.problem])
    except Exception:
        # Reading depends on the file alone: the same file would fail the same way again, so the user is
        # told what to do with the file rather than shown the error page's "try again in a while".
        logger.exception("budget import: a file could not be read")
        return Preview(None, None, [Problem(message=_(UNREADABLE))])
    if exchange is None:
        return Preview(file_format, None, problems, notes)
    problems = check_against_database(exchange, committee_lookup())
    if problems:
        return Preview(file_format, None, problems, notes)
    return Preview(file_format, exchange, [], notes)


def budget_import_review(*, preview: Preview) -> Preview:
    """What a read upload would do to the database as it is now: its problems, findings and what it replaces.

    Writes the document inside a transaction that is always rolled back (see ``_findings``).
    """
    exchange = preview.exchange
    if exchange is None:
        return preview
    committees = committee_lookup()
    problems = check_against_database(exchange, committees)
    if problems:
        return Preview(preview.file_format, None, problems, preview.notes)
    try:
        findings = _findings(exchange, committees)
    except (IntegrityError, DataError):
        # Every rule of the tables should have been checked above; a file that still breaks one would break
        # it again, so it is refused (and logged, to add the missing check) rather than shown as an error page.
        logger.exception("budget import: the checked file did not fit the database")
        return Preview(preview.file_format, None, [Problem(message=_(UNREADABLE))], preview.notes)
    replaces = BudgetDocument.objects.filter(year=exchange.document.year).first()
    changes = []
    if replaces is not None:
        changes = figure_changes(
            exchange_from_document(replaces), exchange, lambda name: _committee_name(committees, name)
        )
    return Preview(
        preview.file_format, exchange, [], preview.notes, findings=findings, replaces=replaces, changes=changes
    )


def replacement_confirmation(document: BudgetDocument) -> str:
    """What the form sends to confirm that an adopted document is replaced: its decision, which the box names."""
    return document.decision_reference or str(document.year)


def budget_import_preview(*, data: bytes) -> Preview:
    """Reads and reviews an uploaded file in one go; writes nothing."""
    return budget_import_review(preview=budget_import_read(data=data))


def _findings(exchange: BudgetExchange, committees: dict[str, Committee]) -> list[checks.Finding]:
    """The consistency findings the document page would show after the import.

    The document is written inside a transaction that is always rolled back,
    so that the checks run through the page's own ``document_overview()``
    rather than a second copy of how figures are gathered for them.
    """
    with transaction.atomic():
        findings = document_overview(_write(exchange, committees)).findings
        transaction.set_rollback(True)
    return findings


@transaction.atomic
def budget_document_import(
    *, exchange: BudgetExchange, actor: User | None = None, file_name: str = ""
) -> BudgetDocument:
    """Writes a whole document: creates the year's document, or replaces everything in it.

    Committees are looked up again here, so that a committee removed since the
    preview refuses the import instead of writing half of it. The figures that
    differ from the stored document's are kept in its history, as one revision
    naming the actor and the file (budgets/services_history.py).
    """
    committees = committee_lookup()
    problems = check_against_database(exchange, committees)
    if problems:
        raise ImportRefused(problems)
    replaced = BudgetDocument.objects.select_for_update().filter(year=exchange.document.year).first()
    before = exchange_from_document(replaced) if replaced is not None else empty_exchange(exchange.document)
    changes = figure_changes(before, exchange, lambda name: _committee_name(committees, name))
    existed = replaced is not None
    document = _write(exchange, committees)
    record_figure_changes(
        document=document, changes=changes, actor=actor, source=BudgetRevision.Source.IMPORT, file_name=file_name
    )
    publiccache.bump()  # the public budget page shows the adopted document
    logger.info(
        "budget document %s year=%s by user=%s",
        "replaced" if existed else "created",
        document.year,
        actor.get_username() if actor else "-",
    )
    return document


def _committee_name(committees: dict[str, Committee], name: str) -> str:
    """The portal's name for a committee as written in a file or stored; the name itself if none matches."""
    committee = committees.get(name.casefold())
    return committee.name if committee is not None else name


def _write(exchange: BudgetExchange, committees: dict[str, Committee]) -> BudgetDocument:
    """The document row is kept (and updated) so that anything pointing to it stays;
    everything in it is deleted and written anew in the file's order."""
    info = exchange.document
    document, created = BudgetDocument.objects.select_for_update().get_or_create(
        year=info.year, defaults={"title": info.title}
    )
    document.title = info.title
    document.plan_years = info.plan_years
    document.status = info.status
    document.decision_reference = info.decision_reference
    document.decision_date = info.decision_date
    document.save()
    if not created:
        for related in (
            document.texts,
            document.statement_lines,
            document.operating_budgets,
            document.investment_budgets,
            document.stated_totals,
        ):
            related.all().delete()

    lines = StatementLine.objects.bulk_create(
        StatementLine(
            document=document,
            statement=line.statement,
            label=line.label,
            role=line.role,
            is_total=line.is_total,
            sort_order=number,
        )
        for number, line in enumerate(exchange.lines, start=1)
    )
    StatementAmount.objects.bulk_create(
        StatementAmount(line=line, year=column.year, basis=column.basis, amount=amount)
        for line, data in zip(lines, exchange.lines, strict=True)
        for column, amount in data.amounts.items()
    )
    OperatingBudget.objects.bulk_create(
        OperatingBudget(
            document=document,
            committee=committees[row.committee.casefold()],
            year=column.year,
            basis=column.basis,
            amount=amount,
        )
        for row in exchange.operating
        for column, amount in row.amounts.items()
    )
    InvestmentBudget.objects.bulk_create(
        InvestmentBudget(
            document=document,
            area=row.area,
            committee=committees[row.committee.casefold()] if row.area == InvestmentArea.COMMITTEE else None,
            year=year,
            amount=amount,
        )
        for row in exchange.investments
        for year, amount in row.amounts.items()
    )
    StatedTotal.objects.bulk_create(
        StatedTotal(document=document, table=total.table, label=total.label, year=year, amount=amount)
        for total in exchange.totals
        for year, amount in total.amounts.items()
    )
    DocumentText.objects.bulk_create(
        DocumentText(document=document, heading=text.heading, body=text.body, sort_order=number)
        for number, text in enumerate(exchange.texts, start=1)
    )
    return document
