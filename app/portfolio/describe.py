"""What a download says about itself: a file name that names what it is and when it was
made, and the portfolio's filters in words for a report's header. Pure."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.i18n import translations
from app.labels import N_, label
from app.portfolio.rules import PortfolioFilters

# The file names are in the reader's language, ASCII only (every browser saves them).
PORTFOLIO_STEM = {"sv": "klusterfas-portfolj", "en": "klusterfas-portfolio"}
INITIATIVE_STEM = {"sv": "initiativ", "en": "initiative"}
ACTORS_STEM = {"sv": "aktorer", "en": "actors"}
SLUG_MAX = 60

SORT_WORDS = {
    "name": N_("Initiative"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "phase": N_("Phase"),
    "readiness": N_("Readiness"),
    "days_in_phase": N_("Days in phase"),
    "last_activity": N_("Last activity"),
}


def slug(name: str) -> str:
    """Name to slug: "Sjuhärads textila …" -> "sjuharads-textila-…": ASCII, for a file name."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:SLUG_MAX].strip("-")


def portfolio_file(lang: str, on: date, extension: str) -> str:
    """klusterfas-portfolj-2026-11-30.pdf (klusterfas-portfolio-… in English)."""
    return f"{PORTFOLIO_STEM.get(lang, PORTFOLIO_STEM['sv'])}-{on.isoformat()}.{extension}"


def initiative_file(
    lang: str,
    name: str,
    initiative_id: int,
    on: date,
    extension: str,
    stems: dict[str, str] = INITIATIVE_STEM,
) -> str:
    """initiativ-sjuharads-textila-innovationsnod-2026-11-30.pdf (aktorer-… with
    ACTORS_STEM); the id stands in for a name with no letters a file name can carry."""
    stem = stems.get(lang, stems["sv"])
    return f"{stem}-{slug(name) or initiative_id}-{on.isoformat()}.{extension}"


def filter_words(filters: PortfolioFilters, lang: str) -> list[str]:
    """Each filter in use as words ("Fas: Pilot, Initiering"), the order last if not the
    default; empty when the report covers every initiative the reader may see."""
    gettext = translations(lang).gettext
    words: list[str] = []
    if filters.region:
        words.append(gettext("Region: %(regions)s") % {"regions": ", ".join(filters.region)})
    if filters.phase:
        phases = ", ".join(label(p, lang) for p in filters.phase)
        words.append(gettext("Phase: %(phases)s") % {"phases": phases})
    if filters.sector:
        words.append(gettext("Sector: %(sectors)s") % {"sectors": ", ".join(filters.sector)})
    if filters.stalled is not None:
        words.append(gettext("Only stalled") if filters.stalled else gettext("Not stalled"))
    if filters.readiness_min is not None:
        low = {"percent": filters.readiness_min}
        words.append(gettext("Readiness at least %(percent)d %%") % low)
    if filters.readiness_max is not None:
        high = {"percent": filters.readiness_max}
        words.append(gettext("Readiness at most %(percent)d %%") % high)
    if filters.q:
        words.append(gettext("Search: “%(words)s”") % {"words": filters.q})
    if filters.sort != "name" or filters.order != "asc":
        column = gettext(SORT_WORDS.get(filters.sort, SORT_WORDS["name"]))
        template = (
            gettext("Sorted by %(column)s, ascending")
            if filters.order == "asc"
            else gettext("Sorted by %(column)s, descending")
        )
        words.append(template % {"column": column.lower()})
    return words
