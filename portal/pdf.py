"""HTML to PDF with WeasyPrint, with a print style sheet from the static files (the fulfillment report's,
a follow-up's).

WeasyPrint needs the system's Pango (libpango-1.0-0, libpangoft2-1.0-0); it is imported only
when a PDF is made, so the rest of the portal starts without it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders

BASE_CSS = "portal/print.css"


def html_to_pdf(html: str, *, stylesheet: str = "fulfillment/report_print.css") -> bytes:
    """The page as PDF, styled by portal/print.css and then ``stylesheet`` (static files). Links and images
    are resolved against the portal's address; nothing is fetched from elsewhere (the templates refer to
    nothing outside themselves)."""
    from weasyprint import CSS, HTML

    sheets = []
    for name in (BASE_CSS, stylesheet):
        path = finders.find(name)
        assert isinstance(path, str), f"{name} is missing from the static files"
        sheets.append(CSS(filename=path))
    return HTML(string=html, base_url=settings.PORTAL_URL).write_pdf(stylesheets=sheets)
