from __future__ import annotations

from django.urls import path

from kolada import views

app_name = "kolada"

urlpatterns = [
    path("", views.index, name="index"),
    path("hamta/", views.fetch_now, name="fetch"),
    path("las-in/", views.upload, name="upload"),
    path("hamtningar/<int:run>/", views.run_detail, name="run"),
]
