from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from api import docs, views, views_reporting, views_tokens, views_write

app_name = "api"

v1_patterns = [
    path("", views.Root.as_view(), name="root"),
    path("vision/", views.VisionView.as_view(), name="vision"),
    path("committees/", views.CommitteeList.as_view(), name="committees"),
    path("goals/", views.GoalList.as_view(), name="goals"),
    path("goals.csv", views.GoalDownloadCSV.as_view(), name="goals_csv"),
    path("goals.json", views.GoalDownloadJSON.as_view(), name="goals_json"),
    path("goals/<int:pk>/", views.GoalDetail.as_view(), name="goal"),
    path("budget-documents/", views.BudgetDocumentList.as_view(), name="budget_documents"),
    path("budget-documents/<int:year>/", views.BudgetDocumentDetail.as_view(), name="budget_document"),
    path("budget-documents/<int:year>/tables.csv", views.BudgetTablesCSV.as_view(), name="budget_tables_csv"),
    path("budget-documents/<int:year>/tables.json", views.BudgetTablesJSON.as_view(), name="budget_tables_json"),
    path("employer-initiatives/", views.EmployerInitiativeList.as_view(), name="employer_initiatives"),
    path(
        "employer-initiatives/<slug:initiative_slug>/",
        views.EmployerInitiativeDetail.as_view(),
        name="employer_initiative",
    ),
    path("fulfillment-reports/", views.FulfillmentReportList.as_view(), name="fulfillment_reports"),
    path("fulfillment-reports/<int:pk>/", views.FulfillmentReportDetail.as_view(), name="fulfillment_report"),
    path("measurements/", views_write.MeasurementIngest.as_view(), name="measurements"),
    path("report-outcomes/", views_reporting.ReportOutcomeIngest.as_view(), name="report_outcomes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("<path:rest>", views.not_found, name="not_found"),  # last: JSON, not the portal's HTML page
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("tokens/", views_tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
]
