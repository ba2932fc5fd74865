from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Installed in place of ``django.contrib.admin``: the admin site that asks the rules."""

    default_site = "portal.admin_site.PortalAdminSite"
