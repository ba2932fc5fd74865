"""The writes of internal control. Each runs in one transaction, asks the rules again under a lock, and
changes nothing when it refuses (``Refused`` with a sentence that says what to do).

A risk analysis and a control plan change only while they are drafts, by the committee's reporter; the
approver adopts them with the committee's decision, and after that they are read only: to change one, the
approver opens it as a new draft (``reopen``) that a new decision adopts (docs/internal-control.md).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followups.models import FollowUp
from internalcontrol.models import Control, ControlPlan, ControlResult, Decided, Risk, RiskAnalysis, State, YearSummary
from portal.errors import Refused
from portal.models import Committee, User

D = TypeVar("D", bound=Decided)

DRAFT = "internalcontrol.draft_control"
ADOPT = "internalcontrol.adopt_control"


def _draft_of(model: type[D], committee: Committee, year: int, actor: User) -> D:
    """The committee's document for the year, locked, created as a draft if there is none; refused when it
    is adopted already."""
    if not actor.has_perm(DRAFT, committee):
        raise PermissionDenied(f"missing-permission perm={DRAFT}")
    document, _created = model.objects.get_or_create(committee=committee, year=year)
    document = model.objects.select_for_update().get(pk=document.pk)
    if not document.is_draft:
        raise Refused(
            _(
                "%(document)s för %(year)s är antagen (%(decision)s) och kan inte ändras. En ändring kräver ett "
                "nytt beslut: be nämndens godkännare att öppna den som nytt utkast."
            )
            % {
                "document": str(model._meta.verbose_name).capitalize(),
                "year": year,
                "decision": document.decision_reference,
            }
        )
    return document


def risk_save(
    *, committee: Committee, year: int, actor: User, values: dict[str, Any], risk: Risk | None = None
) -> Risk:
    """Adds a risk to the committee's draft analysis for the year, or changes one in it."""
    with transaction.atomic():
        analysis = _draft_of(RiskAnalysis, committee, year, actor)
        if risk is None:
            risk = Risk(analysis=analysis)
        elif risk.analysis_id != analysis.pk:
            raise PermissionDenied("risk-not-in-analysis")
        for name, value in values.items():
            setattr(risk, name, value)
        risk._history_user = actor  # type: ignore[attr-defined]
        risk.full_clean()
        risk.save()
    return risk


def risk_delete(*, risk: Risk, actor: User) -> None:
    with transaction.atomic():
        analysis = risk.analysis
        _draft_of(RiskAnalysis, analysis.committee, analysis.year, actor)
        if risk.controls.exists():
            raise Refused(
                _("Risken har kontrollmoment i internkontrollplanen. Ta bort dem först, eller behåll risken.")
            )
        risk._history_user = actor  # type: ignore[attr-defined]
        risk.delete()


def control_save(
    *, committee: Committee, year: int, actor: User, values: dict[str, Any], control: Control | None = None
) -> Control:
    """Adds a control to the committee's draft plan for the year, or changes one in it; its risk must be one
    of the committee's risks for the year."""
    with transaction.atomic():
        plan = _draft_of(ControlPlan, committee, year, actor)
        risk = values.get("risk")
        if risk is None or risk.analysis.committee_id != committee.pk or risk.analysis.year != year:
            raise Refused(_("Välj en av nämndens risker för %(year)s.") % {"year": year})
        if control is None:
            control = Control(plan=plan)
        elif control.plan_id != plan.pk:
            raise PermissionDenied("control-not-in-plan")
        for name, value in values.items():
            setattr(control, name, value)
        control._history_user = actor  # type: ignore[attr-defined]
        control.full_clean()
        control.save()
    return control


def control_delete(*, control: Control, actor: User) -> None:
    with transaction.atomic():
        plan = control.plan
        _draft_of(ControlPlan, plan.committee, plan.year, actor)
        if control.results.exists():
            raise Refused(
                _(
                    "Kontrollmomentet har resultat i nämndens uppföljningar och kan inte tas bort. Ändra det i "
                    "stället, eller behåll det."
                )
            )
        control._history_user = actor  # type: ignore[attr-defined]
        control.delete()


def _adopt(document: Decided, actor: User, decision_reference: str, deciding: Committee) -> None:
    reference = " ".join(decision_reference.split())
    if not reference:
        raise Refused(_("Ange beslutet, till exempel BUN 2026-04-22 § 45, och anta igen."))
    problem = deciding.decision_reference_problem(reference)
    if problem:
        raise Refused(problem)
    document.state = State.ADOPTED
    document.decision_reference = reference
    document.adopted_by = actor
    document.adopted_at = timezone.now()
    document._history_user = actor  # type: ignore[attr-defined]
    document.save()


def _lock_for_adoption(model: type[D], committee: Committee, year: int, actor: User) -> D:
    if not actor.has_perm(ADOPT, committee):
        raise PermissionDenied(f"missing-permission perm={ADOPT}")
    document = model.objects.select_for_update().filter(committee=committee, year=year).first()
    if document is None:
        raise Refused(_("Det finns inget utkast att anta. Be nämndens rapportör att skriva det först."))
    if not document.is_draft:
        raise Refused(_("Den är redan antagen. Ladda om sidan för att se den som den är nu."))
    return document


def analysis_adopt(*, committee: Committee, year: int, actor: User, decision_reference: str) -> RiskAnalysis:
    """Adopts the committee's risk analysis for the year with the committee's decision."""
    with transaction.atomic():
        analysis = _lock_for_adoption(RiskAnalysis, committee, year, actor)
        if not analysis.risks.exists():
            raise Refused(_("Riskanalysen har inga risker. Be rapportören att lägga till dem innan den antas."))
        _adopt(analysis, actor, decision_reference, committee)
    return analysis


def plan_adopt(*, committee: Committee, year: int, actor: User, decision_reference: str) -> ControlPlan:
    """Adopts the committee's control plan for the year; its risk analysis must be adopted first."""
    with transaction.atomic():
        plan = _lock_for_adoption(ControlPlan, committee, year, actor)
        if not RiskAnalysis.objects.adopted().filter(committee=committee, year=year).exists():
            raise Refused(_("Anta riskanalysen först: planens kontrollmoment väljs ur den."))
        if not plan.controls.exists():
            raise Refused(_("Planen har inga kontrollmoment. Be rapportören att lägga till dem innan den antas."))
        _adopt(plan, actor, decision_reference, committee)
    return plan


def reopen(*, model: type[RiskAnalysis] | type[ControlPlan], committee: Committee, year: int, actor: User) -> Decided:
    """Opens the committee's adopted analysis or plan for the year as a new draft, for a change that a new decision
    will adopt: the approver's step. The earlier decision is kept (``previous_decision``, and the history). While a
    plan is a draft again its controls are not in the follow-ups; the results reported so far are kept."""
    with transaction.atomic():
        if not actor.has_perm(ADOPT, committee):
            raise PermissionDenied(f"missing-permission perm={ADOPT}")
        document = model.objects.select_for_update().filter(committee=committee, year=year).first()
        if document is None or document.is_draft:
            raise Refused(_("Den är redan ett utkast. Ladda om sidan för att se den som den är nu."))
        if model is RiskAnalysis and ControlPlan.objects.adopted().filter(committee=committee, year=year).exists():
            raise Refused(
                _(
                    "Internkontrollplanen bygger på den antagna riskanalysen. Öppna planen som nytt utkast först, "
                    "och sedan riskanalysen."
                )
            )
        document.previous_decision = document.decision_reference
        document.state = State.DRAFT
        document.decision_reference = ""
        document.adopted_by = None
        document.adopted_at = None
        document._history_user = actor
        document.save()
    return document


def planned_controls(followup: FollowUp) -> list[Control]:
    """The controls of the committee's adopted plan for the follow-up's year, with their risks (one query)."""
    return list(
        Control.objects.filter(
            plan__committee_id=followup.committee_id, plan__year=followup.period.year, plan__state=State.ADOPTED
        )
        .select_related("risk")
        .order_by("pk")
    )


def result_save(*, followup: FollowUp, control: Control, actor: User, values: dict[str, Any]) -> ControlResult:
    """Saves a control's result in the follow-up: only the reporter's, while the follow-up may be edited."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update(of=("self",)).select_related("period").get(pk=followup.pk)
        if not actor.has_perm("followups.edit_followup", locked):
            raise PermissionDenied("missing-permission perm=followups.edit_followup")
        if control.pk not in {planned.pk for planned in planned_controls(locked)}:
            raise PermissionDenied("control-not-planned")
        result = ControlResult.objects.filter(followup=locked, control=control).first() or ControlResult(
            followup=locked, control=control
        )
        for name, value in values.items():
            setattr(result, name, value)
        result.updated_by = actor
        result._history_user = actor  # type: ignore[attr-defined]
        result.save()
    return result


def summary_save(*, board: Committee, year: int, actor: User, text: str) -> YearSummary:
    """Writes the executive board's summary of the year while it is a draft."""
    with transaction.atomic():
        if not actor.has_perm("internalcontrol.write_summary"):
            raise PermissionDenied("missing-permission perm=internalcontrol.write_summary")
        summary, _created = YearSummary.objects.get_or_create(committee=board, year=year)
        summary = YearSummary.objects.select_for_update().get(pk=summary.pk)
        if not summary.is_draft:
            raise Refused(_("Sammanställningen är antagen och kan inte ändras."))
        summary.text = text
        summary._history_user = actor
        summary.save()
    return summary


def summary_adopt(*, board: Committee, year: int, actor: User, decision_reference: str) -> YearSummary:
    """Adopts the summary with the executive board's decision."""
    with transaction.atomic():
        if not actor.has_perm("internalcontrol.write_summary"):
            raise PermissionDenied("missing-permission perm=internalcontrol.write_summary")
        summary = YearSummary.objects.select_for_update().filter(committee=board, year=year).first()
        if summary is None or not summary.text.strip():
            raise Refused(_("Skriv sammanfattningen och spara den innan den antas."))
        if not summary.is_draft:
            raise Refused(_("Sammanställningen är redan antagen. Ladda om sidan för att se den som den är nu."))
        _adopt(summary, actor, decision_reference, board)
    return summary
