from __future__ import annotations

from django.urls import path

from sso import views

app_name = "sso"

urlpatterns = [
    path("kommunen/", views.start, name="start"),
    path("kommunen/svar/", views.callback, name="callback"),
]
