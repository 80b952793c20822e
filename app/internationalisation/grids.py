"""The grids of the self-assessment as versioned data: which participant groups, directions
and groups of countries are scored, like the phase model's versions.

A grid never changes once published: `grids.json` records the SHA-256 of each one's
keys and labels, and loading a changed grid fails. An installation chooses its preset
(KLUSTERFAS_ASSESSMENT_GRID); an assessment keeps the grid it was recorded under, and
the portfolio compares only assessments of the same grid.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.internationalisation.scale import Dimension
from app.phases import Text

RECORD_PATH = Path(__file__).resolve().parent / "grids.json"


@dataclass(frozen=True, slots=True)
class Axis:
    key: str
    name: Text


@dataclass(frozen=True)
class Grid:
    id: str  # "<name>/<version>", as stored with each assessment
    name: Text
    axes: Mapping[Dimension, tuple[Axis, ...]]

    def keys(self, dimension: Dimension) -> tuple[str, ...]:
        return tuple(axis.key for axis in self.axes[dimension])


class GridChanged(ValueError):
    pass


class UnknownGrid(LookupError):
    pass


# "Группировка участников кластера – субъектов международного сотрудничества"
GROUPS: tuple[Axis, ...] = (
    Axis("anchor_companies", Text(sv="Ankarföretag", en="Anchor companies")),  # якорные предприятия
    Axis("universities", Text(sv="Universitet och högskolor", en="Universities and colleges")),
    Axis("research_institutes", Text(sv="Forskningsinstitut, labb", en="Research institutes")),
    Axis("smes", Text(sv="Små och medelstora företag", en="SMEs")),
    # "обеспечивающие организации (банки, лизинговые компании, кадровые агентства)"
    Axis("support_organisations", Text(sv="Stödjande organisationer", en="Support organisations")),
    Axis("cluster_organisation", Text(sv="Klusterorganisationen", en="The cluster organisation")),
)

# "интенсивности международного сотрудничества кластера по направлениям деятельности"
DIRECTIONS: tuple[Axis, ...] = (
    # "наука (совместные исследования, трансфер технологий)"
    Axis("science", Text(sv="Forskning, tekniköverföring", en="Science, technology transfer")),
    Axis("export", Text(sv="Export", en="Export")),
    Axis("import", Text(sv="Import", en="Import")),
    # "производственная кооперация (встраивание в международные цепочки)"
    Axis("production", Text(sv="Produktionssamarbete", en="Production cooperation")),
    # "маркетинг (выход на новые рынки, создание новых ниш)"
    Axis("marketing", Text(sv="Marknadsföring, nya marknader", en="Marketing, new markets")),
    # "финансы (привлечение прямых иностранных инвестиций)"
    Axis("finance", Text(sv="Finansiering (utländska direktinvesteringar)", en="Finance (FDI)")),
    # "человеческий капитал (привлечение специалистов международного уровня, обмен ...)"
    Axis("human_capital", Text(sv="Humankapital", en="Human capital")),
    # "обмен информацией, совместные мероприятия"
    Axis(
        "information_exchange",
        Text(sv="Informationsutbyte, gemensamma evenemang", en="Information exchange, events"),
    ),
)

# "География зарубежного партнёрства" of the Russian survey.
GEOGRAPHY_RU: tuple[Axis, ...] = (
    Axis("europe", Text(sv="Europa", en="Europe")),
    Axis("apec", Text(sv="Asien–Stillahavsområdet (APEC)", en="Asia-Pacific (APEC)")),
    Axis("customs_union", Text(sv="Eurasiska tullunionen", en="Eurasian customs union")),
    Axis("cis", Text(sv="OSS", en="CIS")),
    # "транснациональный уровень (наличие партнёров во всех частях света)"
    Axis("transnational", Text(sv="Transnationellt", en="Transnational")),
)

# The same question from a Swedish region: neighbours first, then the world by region.
GEOGRAPHY_SE: tuple[Axis, ...] = (
    Axis("nordics", Text(sv="Norden", en="The Nordic countries")),
    Axis("eu_eea", Text(sv="EU/EES", en="EU/EEA")),
    Axis("europe_other", Text(sv="Europa utanför EU/EES", en="Europe outside the EU/EEA")),
    Axis("north_america", Text(sv="Nordamerika", en="North America")),
    Axis("asia", Text(sv="Asien", en="Asia")),
    Axis("rest_of_world", Text(sv="Övriga världen", en="The rest of the world")),
)


def _with_geography(grid_id: str, name: Text, geography: tuple[Axis, ...]) -> Grid:
    """A grid of the survey's participant groups and directions: only the geography differs."""
    axes = {Dimension.GROUPS: GROUPS, Dimension.DIRECTIONS: DIRECTIONS}
    return Grid(grid_id, name, {**axes, Dimension.GEOGRAPHY: geography})


RU_PILOT_CLUSTERS = _with_geography(
    "ru-pilot-clusters/1",
    Text(sv="Ryska pilotkluster (som i enkäten)", en="Russian pilot clusters (as in the survey)"),
    GEOGRAPHY_RU,
)
SE_REGIONAL = _with_geography(
    "se-regional/1", Text(sv="Svensk region", en="Swedish region"), GEOGRAPHY_SE
)

# Today's grid, for comparability with the survey and with assessments recorded before grids.
DEFAULT_GRID = RU_PILOT_CLUSTERS.id


def canonical(grid: Grid) -> dict[str, list[dict[str, str]]]:
    return {
        dimension.value: [
            {"key": axis.key, "sv": axis.name.sv, "en": axis.name.en}
            for axis in grid.axes[dimension]
        ]
        for dimension in Dimension
    }


def fingerprint(grid: Grid) -> str:
    text = json.dumps(canonical(grid), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_record(path: Path = RECORD_PATH) -> dict[str, dict[str, str]]:
    records: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return records


def verify(grid: Grid, records: Mapping[str, Mapping[str, str]]) -> None:
    record = records.get(grid.id)
    if record is None:
        raise GridChanged(f"{grid.id} is not recorded in grids.json.")
    if fingerprint(grid) != record["fingerprint"]:
        raise GridChanged(f"{grid.id} was published and must not change; add a new version.")


def _registered(*grids: Grid) -> dict[str, Grid]:
    records = read_record()
    for grid in grids:
        verify(grid, records)
        if set(grid.axes) != set(Dimension):
            raise GridChanged(f"{grid.id} must name the axes of every dimension.")
    return {grid.id: grid for grid in grids}


# In publishing order.
GRIDS: dict[str, Grid] = _registered(RU_PILOT_CLUSTERS, SE_REGIONAL)


def get_grid(grid_id: str) -> Grid:
    try:
        return GRIDS[grid_id]
    except KeyError:
        raise UnknownGrid(grid_id) from None


# The default grid's axes, for code that predates grids.
AXES: Mapping[Dimension, tuple[Axis, ...]] = RU_PILOT_CLUSTERS.axes
