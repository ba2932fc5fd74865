from __future__ import annotations

from django.urls import path

from goals import views, views_initiatives

app_name = "goals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.goal_detail, name="goal"),
    # Employer initiatives: the HR editor's list, editor, preview and status steps (views_initiatives.py).
    path("arbetsgivarsatsningar/", views_initiatives.initiative_list, name="initiative_list"),
    path("arbetsgivarsatsningar/ny/", views_initiatives.initiative_create, name="initiative_create"),
    path("arbetsgivarsatsningar/<int:initiative>/", views_initiatives.initiative_detail, name="initiative_detail"),
    path("arbetsgivarsatsningar/<int:initiative>/andra/", views_initiatives.initiative_edit, name="initiative_edit"),
    path(
        "arbetsgivarsatsningar/<int:initiative>/publicera/",
        views_initiatives.initiative_publish,
        name="initiative_publish",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/schemalagg/",
        views_initiatives.initiative_schedule,
        name="initiative_schedule",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/avpublicera/",
        views_initiatives.initiative_unpublish,
        name="initiative_unpublish",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/arkivera/",
        views_initiatives.initiative_archive,
        name="initiative_archive",
    ),
]
