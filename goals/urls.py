from __future__ import annotations

from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.goal_detail, name="goal"),
]
