"""Internal control, under /internkontroll/ (portal/urls.py)."""

from __future__ import annotations

from django.urls import path

from internalcontrol import views, views_results

app_name = "internalcontrol"

urlpatterns = [
    path("", views.index, name="index"),
    path("namnd/<slug:committee>/<int:year>/risker/", views.risks, name="risks"),
    path("namnd/<slug:committee>/<int:year>/risker/ny/", views.risk_create, name="risk_create"),
    path("namnd/<slug:committee>/<int:year>/risker/anta/", views.analysis_adopt, name="analysis_adopt"),
    path("namnd/<slug:committee>/<int:year>/risker/nytt-utkast/", views.analysis_reopen, name="analysis_reopen"),
    path("risker/<int:risk>/", views.risk_edit, name="risk_edit"),
    path("risker/<int:risk>/ta-bort/", views.risk_delete, name="risk_delete"),
    path("namnd/<slug:committee>/<int:year>/kontrollplan/", views.plan, name="plan"),
    path("namnd/<slug:committee>/<int:year>/kontrollplan/nytt/", views.control_create, name="control_create"),
    path("namnd/<slug:committee>/<int:year>/kontrollplan/anta/", views.plan_adopt, name="plan_adopt"),
    path("namnd/<slug:committee>/<int:year>/kontrollplan/nytt-utkast/", views.plan_reopen, name="plan_reopen"),
    path("kontrollmoment/<int:control>/", views.control_edit, name="control_edit"),
    path("kontrollmoment/<int:control>/ta-bort/", views.control_delete, name="control_delete"),
    path(
        "uppfoljningar/<int:followup>/kontrollmoment/<int:control>/",
        views_results.result_save,
        name="result_save",
    ),
    path("sammanstallning/<int:year>/", views_results.summary, name="summary"),
    path("sammanstallning/<int:year>/anta/", views_results.summary_adopt, name="summary_adopt"),
]
