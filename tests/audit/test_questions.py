"""An auditor asks about an assessment, a strategist answers, both see the thread; nobody else does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit import tasks
from audit.models import Answer, Question
from portal.models import User
from tests.audit.conftest import signed_in
from tests.audit.trail import Trail

pytestmark = pytest.mark.django_db


def ask_url(trail: Trail) -> str:
    return reverse("audit:question_ask", args=[trail.report.pk, trail.goal.pk])


def row_url(trail: Trail) -> str:
    return reverse("audit:row", args=[trail.report.pk, trail.goal.pk])


def test_the_auditor_asks_the_strategist_answers_and_both_see_the_thread(
    trail: Trail, auditor: User, strategist: User
) -> None:
    response = signed_in(auditor).post(ask_url(trail), {"text": "Varför räknas bara utfallet för 2026?"})

    assert response.status_code == 302 and response["Location"] == row_url(trail) + "#questions"
    question = Question.objects.get()
    assert (question.asked_by, question.report, question.subject_id) == (auditor, trail.report, trail.goal.pk)
    assert question.title == "Fler elever ska klara kunskapskraven"

    strategist_client = signed_in(strategist)
    listing = strategist_client.get(reverse("audit:questions")).content.decode()
    assert "Fler elever ska klara kunskapskraven" in listing and "Obesvarad" in listing
    page = strategist_client.get(row_url(trail)).content.decode()
    assert "Varför räknas bara utfallet för 2026?" in page
    assert reverse("audit:question_answer", args=[question.pk]) in page
    assert reverse("audit:question_ask", args=[trail.report.pk, trail.goal.pk]) not in page  # strategists answer

    answered = strategist_client.post(
        reverse("audit:question_answer", args=[question.pk]),
        {f"q{question.pk}-text": "Prognosen ersattes av utfallet."},
    )

    assert answered.status_code == 302
    assert Answer.objects.get().answered_by == strategist
    thread = signed_in(auditor).get(row_url(trail)).content.decode()
    assert "Varför räknas bara utfallet för 2026?" in thread and "Prognosen ersattes av utfallet." in thread
    assert reverse("audit:question_answer", args=[question.pk]) not in thread  # the auditor does not answer


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_question_is_refused_in_swedish_and_nothing_is_saved(trail: Trail, auditor: User, text: str) -> None:
    response = signed_in(auditor).post(ask_url(trail), {"text": text})

    assert response.status_code == 400
    assert "Skriv frågan innan du skickar den." in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_too_long_is_refused(trail: Trail, auditor: User) -> None:
    response = signed_in(auditor).post(ask_url(trail), {"text": "x" * 4001})

    assert response.status_code == 400
    assert "Korta den till högst 4" in response.content.decode()
    assert not Question.objects.exists()


def test_an_empty_answer_is_refused_in_swedish(trail: Trail, auditor: User, strategist: User) -> None:
    question = Question.objects.create(
        report=trail.report, subject_id=trail.goal.pk, title="Mål", text="Hur?", asked_by=auditor
    )

    response = signed_in(strategist).post(
        reverse("audit:question_answer", args=[question.pk]), {f"q{question.pk}-text": " "}
    )

    assert response.status_code == 400
    assert "Skriv svaret innan du skickar det." in response.content.decode()
    assert not Answer.objects.exists()


def test_only_the_auditor_asks_and_only_the_strategist_answers(
    trail: Trail, auditor: User, strategist: User, administrator: User
) -> None:
    question = Question.objects.create(
        report=trail.report, subject_id=trail.goal.pk, title="Mål", text="Hur?", asked_by=auditor
    )
    answer_url = reverse("audit:question_answer", args=[question.pk])

    assert signed_in(strategist).post(ask_url(trail), {"text": "Fråga"}).status_code == 403
    assert signed_in(administrator).post(ask_url(trail), {"text": "Fråga"}).status_code == 403
    assert signed_in(auditor).post(answer_url, {f"q{question.pk}-text": "Svar"}).status_code == 403
    assert signed_in(administrator).post(answer_url, {f"q{question.pk}-text": "Svar"}).status_code == 403
    assert Question.objects.count() == 1 and not Answer.objects.exists()
    # The administrator reads the thread.
    assert "Hur?" in signed_in(administrator).get(row_url(trail)).content.decode()


@pytest.mark.parametrize("persona", ["reporter", "approver", "hr_editor", "viewer", "manager", "outsider"])
def test_other_roles_see_no_questions(
    request: pytest.FixtureRequest, trail: Trail, auditor: User, persona: str
) -> None:
    question = Question.objects.create(
        report=trail.report, subject_id=trail.goal.pk, title="Mål", text="Hur?", asked_by=auditor
    )
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("audit:questions")).status_code == 403
    assert client.get(row_url(trail)).status_code == 403
    assert client.post(ask_url(trail), {"text": "Fråga"}).status_code == 403
    assert client.post(reverse("audit:question_answer", args=[question.pk]), {"q1-text": "Svar"}).status_code == 403
    assert Question.objects.count() == 1 and not Answer.objects.exists()


def test_the_strategists_are_emailed_once_the_question_is_saved(
    trail: Trail,
    auditor: User,
    strategist: User,
    viewer: User,
    settings: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
    mailoutbox,
) -> None:
    settings.PORTAL_URL = "https://styrportal.example"
    User.objects.filter(pk__in=[strategist.pk, viewer.pk]).update(email="person@styrportal.example")
    queued: list[int] = []
    monkeypatch.setattr(tasks.notify_question, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(auditor).post(ask_url(trail), {"text": "Varför räknas bara utfallet?"})

    question = Question.objects.get()
    assert queued == [question.pk]
    assert tasks.notify_question(question.pk) == 1  # the strategist; not the viewer
    (mail,) = mailoutbox
    assert mail.to == ["person@styrportal.example"]
    assert mail.subject == "En revisor har ställt en fråga om målet Fler elever ska klara kunskapskraven"
    assert f"https://styrportal.example{row_url(trail)}#question-{question.pk}" in mail.body
    assert "Varför räknas bara utfallet?" not in mail.body  # the question's text stays in the portal


def test_a_broker_that_is_down_does_not_lose_the_question(
    trail: Trail, auditor: User, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    def down(question_id: int) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.notify_question, "delay", down)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(auditor).post(ask_url(trail), {"text": "Hur?"})

    assert response.status_code == 302 and Question.objects.count() == 1


def test_the_auditor_is_emailed_once_the_answer_is_saved(
    trail: Trail,
    auditor: User,
    strategist: User,
    settings: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
    mailoutbox,
) -> None:
    settings.PORTAL_URL = "https://styrportal.example"
    User.objects.filter(pk=auditor.pk).update(email="revisor@styrportal.example")
    monkeypatch.setattr(tasks.notify_question, "delay", lambda question_id: None)
    queued: list[int] = []
    monkeypatch.setattr(tasks.notify_answer, "delay", queued.append)
    signed_in(auditor).post(ask_url(trail), {"text": "Varför räknas bara utfallet?"})
    question = Question.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(strategist).post(
            reverse("audit:question_answer", args=[question.pk]), {f"q{question.pk}-text": "Utfallet finns."}
        )

    answer = Answer.objects.get()
    assert queued == [answer.pk]
    assert tasks.notify_answer(answer.pk) == 1
    (mail,) = mailoutbox
    assert mail.to == ["revisor@styrportal.example"]
    assert mail.subject == "Din fråga om målet Fler elever ska klara kunskapskraven har fått svar"
    assert f"https://styrportal.example{row_url(trail)}#question-{question.pk}" in mail.body
    assert "Utfallet finns." not in mail.body  # the answer stays in the portal
    User.objects.filter(pk=auditor.pk).update(is_active=False)
    assert tasks.notify_answer(answer.pk) == 0  # nobody to tell
