"""The annual fulfillment and the goal cascade, under /mal/ (portal/urls.py includes them beside goals.urls)."""

from __future__ import annotations

from django.urls import path

from fulfillment import views_cascade, views_reports

app_name = "fulfillment"

urlpatterns = [
    # The annual fulfillment: reports, starting a compilation, its progress, publishing, Excel and PDF.
    path("maluppfyllelse/", views_reports.report_list, name="report_list"),
    path("maluppfyllelse/sammanstall/", views_reports.report_start, name="report_start"),
    path("maluppfyllelse/<int:report>/", views_reports.report_detail, name="report_detail"),
    path("maluppfyllelse/<int:report>/forlopp/", views_reports.report_progress, name="report_progress"),
    path("maluppfyllelse/<int:report>/publicera/", views_reports.report_publish, name="report_publish"),
    path("maluppfyllelse/<int:report>/excel/", views_reports.report_xlsx, name="report_xlsx"),
    path("maluppfyllelse/<int:report>/pdf/", views_reports.report_pdf, name="report_pdf"),
    # The goal cascade: the tree and one node of it per level (htmx), its gaps, the strategy map, a committee.
    path("malkedja/", views_cascade.cascade, name="cascade"),
    path("malkedja/fokusomrade/<int:focus_area>/", views_cascade.cascade_focus_area, name="cascade_focus_area"),
    path("malkedja/mal/<int:pk>/", views_cascade.cascade_goal, name="cascade_goal"),
    path("malkedja/luckor/", views_cascade.cascade_gaps, name="cascade_gaps"),
    path("malkedja/karta/", views_cascade.cascade_map, name="cascade_map"),
    path("malkedja/namnd/<slug:slug>/", views_cascade.cascade_committee, name="cascade_committee"),
    path("namnder/", views_cascade.committee_list, name="committee_list"),
]
