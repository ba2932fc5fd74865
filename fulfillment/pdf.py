"""HTML to PDF with WeasyPrint, with the print style sheet from the static files.

WeasyPrint needs the system's Pango (libpango-1.0-0, libpangoft2-1.0-0); it is imported only
when a PDF is made, so the rest of the portal starts without it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders

PRINT_CSS = "fulfillment/report_print.css"


def html_to_pdf(html: str) -> bytes:
    """The page as PDF. Links and images are resolved against the portal's address; nothing is fetched
    from elsewhere (the template refers to nothing outside itself)."""
    from weasyprint import CSS, HTML

    stylesheet = finders.find(PRINT_CSS)
    assert isinstance(stylesheet, str), f"{PRINT_CSS} is missing from the static files"
    return HTML(string=html, base_url=settings.PORTAL_URL).write_pdf(stylesheets=[CSS(filename=stylesheet)])
