from __future__ import annotations

from django.urls import path

from budgets import views_exchange as views

XLSX, CSV = {"file_format": "xlsx"}, {"file_format": "csv"}

urlpatterns = [
    path("import-export/", views.exchange_index, name="exchange"),
    path("mall.xlsx", views.exchange_template, XLSX, name="exchange_template_xlsx"),
    path("mall.csv", views.exchange_template, CSV, name="exchange_template_csv"),
    path("<int:year>/mal-och-budget.xlsx", views.exchange_export, XLSX, name="exchange_export_xlsx"),
    path("<int:year>/mal-och-budget.csv", views.exchange_export, CSV, name="exchange_export_csv"),
    path("importera/", views.import_upload, name="import_upload"),
    path("importera/granska/", views.import_preview, name="import_preview"),
    path("importera/bekrafta/", views.import_confirm, name="import_confirm"),
]
