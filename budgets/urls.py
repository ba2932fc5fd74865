from __future__ import annotations

from django.urls import include, path

app_name = "budgets"

# The document pages and the import/export pages are kept in two modules.
urlpatterns = [
    path("", include("budgets.urls_document")),
    path("", include("budgets.urls_exchange")),
]
