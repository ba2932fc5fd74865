"""The documentation page: Swagger UI from drf-spectacular-sidecar's static files, nothing from a CDN.

drf-spectacular's split view serves the start-up script as a file of its
own (``?script``) instead of inline, so the page runs under the portal's
Content-Security-Policy (script-src 'self', style-src 'self') unchanged.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    # Our template drops drf-spectacular's inline <style> for a stylesheet of our own.
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
