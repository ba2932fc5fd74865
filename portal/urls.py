from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from portal import views, views_account

portal_patterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.SignInView.as_view(), name="login"),
    path("logga-ut/", views.SignOutView.as_view(), name="logout"),
    path("min-sida/", views.dashboard, name="dashboard"),
    path("halsa/", views.health, name="health"),
    # A local account's password (only with LOCAL_PASSWORDS; 404 otherwise): portal/views_account.py.
    path("konto/losenord/", views_account.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", views_account.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/glomt-losenord/", views_account.PasswordResetView.as_view(), name="password_reset"),
    path("konto/glomt-losenord/skickat/", views_account.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/nytt-losenord/<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/nytt-losenord/klart/",
        views_account.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("inloggning/", include("sso.urls")),  # sign-in through the municipality's identity provider
    path("offentlig/", include("public.urls")),  # the public site, no sign-in
    path("budget/", include("budgets.urls")),
    path("mal/", include("goals.urls")),
    path("mal/", include("followups.urls")),  # follow-ups and periods: /mal/uppfoljningar/, /mal/perioder/
    path("mal/", include("fulfillment.urls")),  # /mal/maluppfyllelse/, /mal/malkedja/
    path("rapportering/", include("reporting.urls")),  # delårsrapport and årsredovisning
    path("planering/", include("planning.urls")),  # the committees' and the council's plans
    path("internkontroll/", include("internalcontrol.urls")),  # risk analyses, control plans, the year's summary
    path("api/", include("api.urls")),
    path("kolada/", include("kolada.urls")),
    path("revision/", include("audit.urls")),  # the auditors' frozen copies, evidence trails and questions
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
