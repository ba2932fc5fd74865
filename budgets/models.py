"""Budget documents ("Mål och budget"): the three statements in mnkr, and the
operating and investment budgets in tkr.

Figures are stored exactly as the document states them, rounded sums
included; the consistency checks (budgets/checks.py) compare the stated sums
with the sums of their parts. A figure the document does not give is absent,
never zero.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.formatting import format_number
from portal.markdown import MarkdownHTMLField, RendersMarkdown
from portal.models import Committee
from portal.numbers import significant_decimals

STATEMENT_UNIT = "mnkr"
BUDGET_UNIT = "tkr"


class Basis(models.TextChoices):
    """What a figure rests on."""

    BUDGET = "budget", _("Budget")
    PLAN = "plan", _("Plan")
    OUTCOME = "outcome", _("Utfall")
    FORECAST = "forecast", _("Prognos")


class Statement(models.TextChoices):
    INCOME = "income", _("Resultatbudget")
    BALANCE = "balance", _("Balansbudget")
    CASH_FLOW = "cash_flow", _("Kassaflödesbudget")


class LineRole(models.TextChoices):
    """What a statement line means, so that ratios and checks can find it whatever its label."""

    NET_COST = "net_cost", _("Verksamhetens nettokostnader")
    DEPRECIATION = "depreciation", _("Avskrivningar")
    TAX_INCOME = "tax_income", _("Skatteintäkter")
    GENERAL_GRANTS = "general_grants", _("Generella statsbidrag och utjämning")
    FINANCIAL_INCOME = "financial_income", _("Finansiella intäkter")
    FINANCIAL_COSTS = "financial_costs", _("Finansiella kostnader")
    ONE_OFF_ITEMS = "one_off_items", _("Poster av tillfällig karaktär")
    RESULT = "result", _("Årets resultat")
    FIXED_ASSETS = "fixed_assets", _("Anläggningstillgångar")
    CURRENT_ASSETS = "current_assets", _("Omsättningstillgångar")
    TOTAL_ASSETS = "total_assets", _("Summa tillgångar")
    EQUITY = "equity", _("Eget kapital")
    PROVISIONS = "provisions", _("Avsättningar")
    LONG_TERM_LIABILITIES = "long_term_liabilities", _("Långfristiga skulder")
    SHORT_TERM_LIABILITIES = "short_term_liabilities", _("Kortfristiga skulder")
    TOTAL_EQUITY_AND_LIABILITIES = "total_equity_and_liabilities", _("Summa eget kapital, avsättningar och skulder")
    CASH_FLOW_OPERATING = "cash_flow_operating", _("Kassaflöde från den löpande verksamheten")
    CASH_FLOW_INVESTING = "cash_flow_investing", _("Kassaflöde från investeringsverksamheten")
    CASH_FLOW_FINANCING = "cash_flow_financing", _("Kassaflöde från finansieringsverksamheten")
    CASH_FLOW_YEAR = "cash_flow_year", _("Årets kassaflöde")


class BudgetDocumentQuerySet(models.QuerySet["BudgetDocument"]):
    def adopted(self) -> BudgetDocumentQuerySet:
        """Documents the council has adopted."""
        return self.filter(status=BudgetDocument.Status.ADOPTED)


class BudgetDocument(models.Model):
    """One year's "Mål och budget", with its plan years."""

    class Status(models.TextChoices):
        PROPOSAL = "proposal", _("Förslag")
        ADOPTED = "adopted", _("Antagen")

    year = models.PositiveSmallIntegerField(_("budgetår"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    plan_years = models.PositiveSmallIntegerField(_("antal planår"), default=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSAL)
    decision_reference = models.CharField(
        _("beslut"), max_length=100, blank=True, help_text=_("Fullmäktiges beslut, t.ex. KF 2025-11-26 § 180.")
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)

    objects = BudgetDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("budgetdokument")
        verbose_name_plural = pgettext_lazy("plural", "budgetdokument")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        """The budget year and its plan years: [2026, 2027, 2028]."""
        return list(range(self.year, self.year + self.plan_years + 1))


class DocumentText(RendersMarkdown, models.Model):
    """A narrative section of the document (political priorities, the employer text)."""

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="texts")
    heading = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    body_html = MarkdownHTMLField(source="body")
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("text i budgetdokument")
        verbose_name_plural = _("texter i budgetdokument")
        ordering = ["document", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "heading"], name="documenttext_unique_heading"),
        ]

    def __str__(self) -> str:
        return self.heading


class StatementLine(models.Model):
    """A line of the income statement, balance sheet or cash flow budget (mnkr)."""

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="statement_lines")
    statement = models.CharField(_("tabell"), max_length=20, choices=Statement.choices)
    label = models.CharField(_("rad"), max_length=200)
    role = models.CharField(_("betydelse"), max_length=40, choices=LineRole.choices, blank=True)
    is_total = models.BooleanField(_("summarad"), default=False)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("rad i finansiell tabell")
        verbose_name_plural = _("rader i finansiella tabeller")
        ordering = ["document", "statement", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "statement", "label"], name="statementline_unique_label"),
            models.UniqueConstraint(
                fields=["document", "role"], condition=~models.Q(role=""), name="statementline_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class StatementAmount(models.Model):
    """One figure of a statement line: a year and what it rests on (mnkr)."""

    line = models.ForeignKey(StatementLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("år"))
    basis = models.CharField(_("grund"), max_length=20, choices=Basis.choices)
    amount = models.DecimalField(_("belopp (mnkr)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("belopp i finansiell tabell")
        verbose_name_plural = _("belopp i finansiella tabeller")
        ordering = ["line", "year", "basis"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year", "basis"], name="statementamount_unique_year_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year} ({self.get_basis_display()}): {self.amount} mnkr"


class OperatingBudget(models.Model):
    """A committee's municipal grant (kommunbidrag) for one year (tkr)."""

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="operating_budgets")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="operating_budgets")
    year = models.PositiveSmallIntegerField(_("år"))
    basis = models.CharField(_("grund"), max_length=20, choices=Basis.choices)
    amount = models.DecimalField(_("belopp (tkr)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("driftbudget")
        verbose_name_plural = _("driftbudgetar")
        ordering = ["document", "committee__sort_order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["document", "committee", "year"], name="operatingbudget_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}: {self.amount} tkr"


class InvestmentArea(models.TextChoices):
    """Where an investment line belongs: a committee, or an area the document lists on its own."""

    COMMITTEE = "committee", _("Nämnd")
    FINANCIAL_LEASING = "financial_leasing", _("Finansiell leasing")
    WATER = "water", _("VA")
    WASTE = "waste", _("Avfall")


# Fee-financed areas: left out of the self-financing ratio of tax-financed investments.
FEE_FINANCED_AREAS = frozenset({InvestmentArea.WATER, InvestmentArea.WASTE})


class InvestmentBudget(models.Model):
    """Investments for one year, per committee or area (tkr)."""

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="investment_budgets")
    area = models.CharField(_("område"), max_length=30, choices=InvestmentArea.choices)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="investment_budgets"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (tkr)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("investeringsbudget")
        verbose_name_plural = _("investeringsbudgetar")
        ordering = ["document", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "committee", "year"],
                condition=models.Q(area="committee"),
                name="investmentbudget_unique_committee_year",
            ),
            models.UniqueConstraint(
                fields=["document", "area", "year"],
                condition=~models.Q(area="committee"),
                name="investmentbudget_unique_area_year",
            ),
            models.CheckConstraint(
                condition=models.Q(area="committee", committee__isnull=False)
                | (~models.Q(area="committee") & models.Q(committee__isnull=True)),
                name="investmentbudget_committee_iff_area_committee",
            ),
        ]

    def __str__(self) -> str:
        where = self.committee if self.committee_id else self.get_area_display()
        return f"{where} {self.year}: {self.amount} tkr"


class StatedTotal(models.Model):
    """A sum the document states for the operating or investment budget, as printed.

    Kept apart from the rows so that the checks can compare the two
    ("Summa kommunbidrag 3 070 880" against the rows' 3 070 879).
    """

    class Table(models.TextChoices):
        OPERATING = "operating", _("Driftbudget")
        INVESTMENT = "investment", _("Investeringsbudget")

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="stated_totals")
    table = models.CharField(_("tabell"), max_length=20, choices=Table.choices)
    label = models.CharField(_("rad"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (tkr)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("angiven summa")
        verbose_name_plural = _("angivna summor")
        constraints = [
            models.UniqueConstraint(fields=["document", "table", "year"], name="statedtotal_unique_table_year"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.year}: {self.amount} tkr"


class BudgetRevision(models.Model):
    """One write that changed a document's figures: who, when, through what (the file's name for an import),
    and each figure it added, removed or changed (``FigureChange``).

    Written by the import and the admin from a comparison of the document's figures before and after
    (budgets/services_history.py), so that an import which replaces everything but changes nothing leaves
    no revision.
    """

    class Source(models.TextChoices):
        IMPORT = "import", _("Import av fil")
        ADMIN = "admin", _("Administrationen")

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("ändrad av"), max_length=300, blank=True)  # kept if the user is removed
    source = models.CharField(_("genom"), max_length=20, choices=Source.choices)
    file_name = models.CharField(_("fil"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ändring av budgetbelopp")
        verbose_name_plural = _("ändringar av budgetbelopp")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} {self.at:%Y-%m-%d %H:%M} ({self.get_source_display()})"

    def counts(self) -> dict[str, int]:
        """How many figures the revision added, removed and changed (reads the prefetched changes)."""
        counts = dict.fromkeys(("added", "removed", "changed"), 0)
        for change in self.changes.all():
            counts[change.kind] += 1
        return counts


class FigureChange(models.Model):
    """One figure a revision added (no old value), removed (no new value) or changed, named as the import's
    preview names it: table, row and column in the document's own words."""

    revision = models.ForeignKey(BudgetRevision, on_delete=models.CASCADE, related_name="changes")
    table = models.CharField(_("tabell"), max_length=100)
    row = models.CharField(_("rad"), max_length=200)
    column = models.CharField(_("kolumn"), max_length=100)
    old = models.DecimalField(_("före"), max_digits=16, decimal_places=2, null=True, blank=True)
    new = models.DecimalField(_("efter"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("enhet"), max_length=10)  # STATEMENT_UNIT or BUDGET_UNIT
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ändrat budgetbelopp")
        verbose_name_plural = _("ändrade budgetbelopp")
        ordering = ["revision", "sort_order"]

    def __str__(self) -> str:
        return f"{self.table}, {self.row}, {self.column}: {self.old_text} → {self.new_text}"

    @property
    def kind(self) -> str:
        """ "added", "removed" or "changed"."""
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"

    @property
    def old_text(self) -> str:
        return _figure(self.old)

    @property
    def new_text(self) -> str:
        return _figure(self.new)

    @property
    def difference_text(self) -> str:
        if self.old is None or self.new is None:
            return "–"
        difference = self.new - self.old
        return ("+" if difference > 0 else "") + _figure(difference)


def _figure(value: Decimal | None) -> str:
    """A figure in Swedish format with the decimals it has (146, 1 197 078,25); "–" for none."""
    return "–" if value is None else format_number(value, significant_decimals(value))
