from __future__ import annotations

from django.urls import path

from reporting import views, views_calendar, views_compiled

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("kalender/", views_calendar.statutory_calendar, name="calendar"),
    path("resultatutjamning/", views_calendar.equalisation, name="equalisation"),
    path("resultatutjamning/underskott/<int:pk>/ta-bort/", views_calendar.waiver_delete, name="waiver_delete"),
    path("<int:year>/<slug:kind>/", views.report_detail, name="report"),
    path("<int:year>/<slug:kind>/rapport.pdf", views.report_pdf, name="pdf"),
    path("<int:year>/<slug:kind>/rapport.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:year>/<slug:kind>/utfall-mall.xlsx", views.outcome_template_download, name="template"),
    path("<int:year>/<slug:kind>/importera/", views.import_upload, name="import_upload"),
    path("<int:year>/<slug:kind>/importera/granska/", views.import_preview, name="import_preview"),
    path("<int:year>/<slug:kind>/importera/bekrafta/", views.import_confirm, name="import_confirm"),
    path("<int:year>/<slug:kind>/sammanstallning/", views_compiled.compiled_detail, name="compiled"),
    path("<int:year>/<slug:kind>/sammanstallning/starta/", views_compiled.compiled_start, name="compiled_start"),
    path("<int:year>/<slug:kind>/sammanstallning/publicera/", views_compiled.compiled_publish, name="compiled_publish"),
    path("<int:year>/<slug:kind>/sammanstallning/rapport.pdf", views_compiled.compiled_pdf, name="compiled_pdf"),
    path("<int:year>/<slug:kind>/sammanstallning/rapport.xlsx", views_compiled.compiled_xlsx, name="compiled_xlsx"),
    path("<int:year>/<slug:kind>/lamnad/", views_calendar.report_submitted, name="submitted"),
    path("<int:year>/<slug:kind>/balanskrav/", views.balance_requirement_page, name="balance"),
    path("<int:year>/<slug:kind>/balanskrav/<int:pk>/ta-bort/", views.adjustment_delete, name="adjustment_delete"),
]
