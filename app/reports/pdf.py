"""The one way to a PDF: a report template rendered as for the page, then WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML

from app.rendering import environment

STATIC = Path(__file__).resolve().parent.parent / "static"


def render_pdf(template: str, context: dict[str, Any], lang: str) -> bytes:
    html = environment(lang).get_template(template).render(context)
    document = HTML(string=html, base_url=str(STATIC))
    pdf: bytes = document.write_pdf(stylesheets=[CSS(filename=str(STATIC / "report.css"))])
    return pdf
