"""The auditors' pages: frozen copies, the evidence trail of every goal in a fulfillment report and its
package, the questions on an assessment, and the log of what auditors did.

Access: ``audit.view_audit`` (auditors, strategists, administrators) for every page; the report through
``fulfillment.access.get_report_for_user``. Every download is logged (``AuditEvent``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit import services
from audit.evidence import goal_evidence
from audit.forms import AnswerForm, QuestionForm
from audit.models import Answer, AuditEvent, FrozenCopy, FrozenFile, Question
from audit.package import evidence_package, goal_rows
from fulfillment.access import get_report_for_user
from fulfillment.files import report_filename
from fulfillment.models import FulfillmentReport, ReportRow
from portal.access import request_user, require_perm
from portal.errors import Refused

VIEW = "audit.view_audit"
EVENTS_SHOWN = 500


def _report(request: HttpRequest, pk: int) -> FulfillmentReport:
    require_perm(request, VIEW)
    return get_report_for_user(request, pk)


def _goal_row(report: FulfillmentReport, subject: int) -> ReportRow:
    row = ReportRow.objects.filter(
        report=report, generation=report.generation, kind=ReportRow.Kind.GOAL, subject_id=subject
    ).first()
    if row is None:
        raise Http404
    return row


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    copies = list(FrozenCopy.objects.select_related("frozen_by").prefetch_related("files"))
    reports = list(FulfillmentReport.objects.for_user(request_user(request)).select_related("as_of").defer("inputs"))
    open_questions = Question.objects.filter(answers__isnull=True).count()
    return render(request, "audit/index.html", {"copies": copies, "reports": reports, "open_questions": open_questions})


@require_GET
@login_required
def frozen_file(request: HttpRequest, file: int) -> FileResponse:
    require_perm(request, VIEW)
    frozen = get_object_or_404(FrozenFile.objects.select_related("copy"), pk=file)
    services.log_event(
        user=request_user(request),
        kind=AuditEvent.Kind.FROZEN_FILE,
        what=f"{frozen.copy.title}: {frozen.name} (sha256 {frozen.sha256[:12]}…)",
        request=request,
    )
    return FileResponse(
        frozen.file.open("rb"), as_attachment=True, filename=frozen.name, content_type=frozen.content_type
    )


@require_GET
@login_required
def report_evidence(request: HttpRequest, report: int) -> HttpResponse:
    item = _report(request, report)
    rows = goal_rows(item)
    counts = dict(
        Question.objects.filter(report=item).values("subject_id").annotate(n=Count("pk")).values_list("subject_id", "n")
    )
    copy = FrozenCopy.objects.of(FrozenCopy.Kind.FULFILLMENT_REPORT, item.pk).prefetch_related("files").first()
    return render(
        request,
        "audit/report.html",
        {"report": item, "rows": [(row, counts.get(row.subject_id, 0)) for row in rows], "copy": copy},
    )


@require_GET
@login_required
def evidence_zip(request: HttpRequest, report: int) -> HttpResponse:
    item = _report(request, report)
    if not item.generation:
        messages.info(request, _("Sammanställningen är inte klar ännu. Hämta underlaget när den är sammanställd."))
        return redirect("audit:report", item.pk)
    content = evidence_package(item)
    filename = report_filename(item, "zip").replace("maluppfyllelse", "underlag-maluppfyllelse")
    services.log_event(
        user=request_user(request),
        kind=AuditEvent.Kind.EVIDENCE_ZIP,
        what=f"{item}: {filename} (sha256 {services.sha256(content)[:12]}…)",
        request=request,
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _row_page(
    request: HttpRequest,
    report: FulfillmentReport,
    row: ReportRow,
    *,
    question_form: QuestionForm | None = None,
    answer_form: tuple[int, AnswerForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = list(
        Question.objects.filter(report=report, subject_id=row.subject_id)
        .select_related("asked_by")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("answered_by")))
    )
    user = request.user
    can_answer = user.has_perm("audit.answer_question")
    threads = []
    for question in questions:
        form = None
        if can_answer:
            form = (
                answer_form[1]
                if answer_form and answer_form[0] == question.pk
                else AnswerForm(prefix=f"q{question.pk}")
            )
        threads.append((question, form))
    context = {
        "report": report,
        "row": row,
        "evidence": goal_evidence(row, report),
        "threads": threads,
        "question_form": question_form or (QuestionForm() if user.has_perm("audit.ask_question") else None),
    }
    return render(request, "audit/row.html", context, status=status)


@require_GET
@login_required
def row_evidence(request: HttpRequest, report: int, subject: int) -> HttpResponse:
    item = _report(request, report)
    return _row_page(request, item, _goal_row(item, subject))


@require_POST
@login_required
def question_ask(request: HttpRequest, report: int, subject: int) -> HttpResponse:
    item = _report(request, report)
    require_perm(request, "audit.ask_question")
    row = _goal_row(item, subject)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(row=row, text=form.cleaned_data["text"], actor=request_user(request))
        except Refused as refused:
            form.add_error("text", refused.message)
    if not form.is_valid():
        return _row_page(request, item, row, question_form=form, status=400)
    messages.success(request, _("Frågan är skickad. Strategerna ser den och svarar här."))
    return redirect(reverse("audit:row", args=[item.pk, row.subject_id]) + "#questions")


@require_POST
@login_required
def question_answer(request: HttpRequest, question: int) -> HttpResponse:
    require_perm(request, VIEW)
    asked = get_object_or_404(Question, pk=question)
    require_perm(request, "audit.answer_question")
    item = get_report_for_user(request, asked.report_id)
    row = _goal_row(item, asked.subject_id)
    form = AnswerForm(request.POST, prefix=f"q{asked.pk}")
    if form.is_valid():
        try:
            services.question_answer(question=asked, text=form.cleaned_data["text"], actor=request_user(request))
        except Refused as refused:
            form.add_error("text", refused.message)
    if not form.is_valid():
        return _row_page(request, item, row, answer_form=(asked.pk, form), status=400)
    messages.success(request, _("Svaret är sparat."))
    return redirect(reverse("audit:row", args=[item.pk, row.subject_id]) + f"#question-{asked.pk}")


@require_GET
@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    questions = list(
        Question.objects.select_related("asked_by", "report")
        .defer("report__inputs")
        .annotate(answer_count=Count("answers"))
        .order_by("-asked_at", "-pk")
    )
    return render(request, "audit/questions.html", {"questions": questions})


@require_GET
@login_required
def event_log(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    user = request_user(request)
    everyone = user.has_perm("audit.view_all_events")
    events = list(AuditEvent.objects.visible_to(user, everyone=everyone).select_related("user")[:EVENTS_SHOWN])
    return render(request, "audit/log.html", {"events": events, "everyone": everyone, "shown": EVENTS_SHOWN})
