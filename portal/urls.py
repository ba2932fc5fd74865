from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from portal import views

portal_patterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.SignInView.as_view(), name="login"),
    path("logga-ut/", views.SignOutView.as_view(), name="logout"),
    path("min-sida/", views.dashboard, name="dashboard"),
    path("halsa/", views.health, name="health"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("inloggning/", include("sso.urls")),  # sign-in through the municipality's identity provider
    path("offentlig/", include("public.urls")),  # the public site, no sign-in
    path("budget/", include("budgets.urls")),
    path("mal/", include("goals.urls")),
    path("mal/", include("followups.urls")),  # follow-ups and periods: /mal/uppfoljningar/, /mal/perioder/
    path("mal/", include("fulfillment.urls")),  # /mal/maluppfyllelse/, /mal/malkedja/
    path("api/", include("api.urls")),
    path("kolada/", include("kolada.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
