"""The follow-ups and the reporting periods, under /mal/ (portal/urls.py includes them beside goals.urls)."""

from __future__ import annotations

from django.urls import path

from followups import attachments, comments, views, views_periods

app_name = "followups"

urlpatterns = [
    # Follow-ups: the read view, the editor and its sections, the workflow steps.
    path("uppfoljningar/<int:followup>/", views.followup_detail, name="followup_detail"),
    path("uppfoljningar/<int:followup>/redigera/", views.followup_edit, name="followup_edit"),
    path("uppfoljningar/<int:followup>/pdf/", views.followup_pdf, name="followup_pdf"),
    path(
        "uppfoljningar/<int:followup>/bedomningar/<int:assessment>/",
        views.followup_save_assessment,
        name="followup_save_assessment",
    ),
    path("uppfoljningar/<int:followup>/kommentarer/", comments.comment_add, name="comment_add"),
    path("uppfoljningar/<int:followup>/bilagor/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "uppfoljningar/<int:followup>/bilagor/<int:attachment>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "uppfoljningar/<int:followup>/uppdrag/<int:report>/",
        views.followup_save_assignment,
        name="followup_save_assignment",
    ),
    path(
        "uppfoljningar/<int:followup>/indikatorer/",
        views.followup_save_indicators,
        name="followup_save_indicators",
    ),
    path(
        "uppfoljningar/<int:followup>/ekonomi/",
        views.followup_save_section,
        {"section": "financial"},
        name="followup_save_financial",
    ),
    path(
        "uppfoljningar/<int:followup>/investeringar/",
        views.followup_save_section,
        {"section": "investments"},
        name="followup_save_investments",
    ),
    path(
        "uppfoljningar/<int:followup>/handelser/",
        views.followup_save_section,
        {"section": "events"},
        name="followup_save_events",
    ),
    path(
        "uppfoljningar/<int:followup>/lamna-in/",
        views.followup_step,
        {"action": "submit"},
        name="followup_submit",
    ),
    path(
        "uppfoljningar/<int:followup>/godkann/",
        views.followup_step,
        {"action": "approve"},
        name="followup_approve",
    ),
    path(
        "uppfoljningar/<int:followup>/skicka-tillbaka/",
        views.followup_step,
        {"action": "return"},
        name="followup_return",
    ),
    path(
        "uppfoljningar/<int:followup>/acceptera/",
        views.followup_step,
        {"action": "accept"},
        name="followup_accept",
    ),
    path(
        "uppfoljningar/<int:followup>/publicera/",
        views.followup_step,
        {"action": "publish"},
        name="followup_publish",
    ),
    # Reporting periods: the strategist's overview, opening and closing, the Excel export.
    path("perioder/", views_periods.period_list, name="period_list"),
    path("perioder/ny/", views_periods.period_create, name="period_create"),
    path("perioder/<int:period>/", views_periods.period_overview, name="period_overview"),
    path("perioder/<int:period>/andra/", views_periods.period_edit, name="period_edit"),
    path("perioder/<int:period>/mal/", views_periods.period_goals, name="period_goals"),
    path("perioder/<int:period>/oppna/", views_periods.period_open, name="period_open"),
    path("perioder/<int:period>/stang/", views_periods.period_close, name="period_close"),
    path("perioder/<int:period>/excel/", views_periods.period_export, name="period_export"),
]
