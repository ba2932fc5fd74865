"""The auditors' pages under /revision/ (portal/urls.py): frozen copies, evidence trails, questions, the log."""

from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.index, name="index"),
    path("kopior/<int:file>/", views.frozen_file, name="frozen_file"),
    path("maluppfyllelse/<int:report>/", views.report_evidence, name="report"),
    path("maluppfyllelse/<int:report>/underlag.zip", views.evidence_zip, name="evidence_zip"),
    path("maluppfyllelse/<int:report>/mal/<int:subject>/", views.row_evidence, name="row"),
    path("maluppfyllelse/<int:report>/mal/<int:subject>/fraga/", views.question_ask, name="question_ask"),
    path("fragor/", views.question_list, name="questions"),
    path("fragor/<int:question>/svar/", views.question_answer, name="question_answer"),
    path("logg/", views.event_log, name="log"),
]
