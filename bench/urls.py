"""The project's URLs plus the trivial view; the URLconf of the benchmark process only."""

from __future__ import annotations

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/trivial/", views.trivial, name="bench_trivial"),
    path("", include("portal.urls")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
