from __future__ import annotations

from django.urls import path

from planning import views, views_activities, views_assignments

app_name = "planning"

urlpatterns = [
    path("", views.plan_index, name="index"),
    path("fullmaktige/", views.council_plan, name="council"),
    path("fullmaktige/nytt-mal/", views.council_goal_create, name="council_goal_create"),
    path("namnd/<slug:committee>/", views.committee_plan, name="committee"),
    path("namnd/<slug:committee>/nytt-mal/", views.committee_goal_create, name="committee_goal_create"),
    path("mal/<int:goal>/", views.goal, name="goal"),
    path("mal/<int:goal>/anta/", views.goal_adopt, name="goal_adopt"),
    path("mal/<int:goal>/ny-indikator/", views.indicator_create, name="indicator_create"),
    path("indikatorer/<int:indicator>/", views.indicator, name="indicator"),
    path("indikatorer/<int:indicator>/malvarde/", views.target_set, name="target_set"),
    path("mal/<int:goal>/ny-aktivitet/", views_activities.activity_create, name="activity_create"),
    path("aktiviteter/<int:activity>/", views_activities.activity, name="activity"),
    path("arsskifte/", views_assignments.rollover, name="rollover"),
    path("uppdrag/", views_assignments.assignment_list, name="assignment_list"),
    path("uppdrag/nytt/", views_assignments.assignment_create, name="assignment_create"),
    path("uppdrag/<int:assignment>/", views_assignments.assignment, name="assignment"),
]
