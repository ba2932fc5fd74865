from __future__ import annotations

from django.urls import path

from budgets import views_document as views

urlpatterns = [
    path("", views.document, name="document"),
    path("<int:year>/", views.document_year, name="document_year"),
    path("<int:year>/historik/", views.document_history, name="document_history"),
]
