"""The scales of the internationalisation self-assessment, as data, each text with its source.

Source: the dissertation in shared/seeds/cluster-internationalisation-dissertation.ru.txt
(Исланкина, 2014), section "Метод оценки уровня интернационализации регионального
кластера": a survey of Russia's pilot innovation clusters. What it does not say is marked
as the project's: levels 2, 4 and 6 only lie between their neighbours, and the 0–4 scores
are described at their ends alone. The grids' keys and labels are in grids.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.phases import Text

SCORE_MIN, SCORE_MAX = 0, 4  # "по шкале от 0 до 4"
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))
HIGH_SCORES = (3, 4)  # the survey reports the share of «3» and «4»
ZERO_SCORE = 0  # the survey reports the share answering 0: no external links at all
LEVEL_MIN, LEVEL_MAX = 1, 7  # "по 7-балльной шкале"
LEVEL_RANGE = tuple(range(LEVEL_MIN, LEVEL_MAX + 1))


class Dimension(StrEnum):
    GROUPS = "groups"  # activity of each participant group
    DIRECTIONS = "directions"  # intensity of each direction of cooperation
    GEOGRAPHY = "geography"  # success of contacts with each group of countries


DIMENSION_NAMES: dict[Dimension, Text] = {
    Dimension.GROUPS: Text(sv="Aktörsgruppernas aktivitet", en="Activity of participant groups"),
    Dimension.DIRECTIONS: Text(sv="Samarbetsområden", en="Directions of cooperation"),
    Dimension.GEOGRAPHY: Text(sv="Geografi", en="Geography"),
}


@dataclass(frozen=True, slots=True)
class Sourced:
    """A text of a scale: the dissertation's words (`quote`, in Russian) said faithfully in
    Swedish and English, or the project's own words (`quote` None)."""

    text: Text
    quote: str | None

    def get(self, lang: str) -> str:
        return self.text.get(lang)

    @property
    def sv(self) -> str:
        return self.text.sv

    @property
    def en(self) -> str:
        return self.text.en

    @property
    def source(self) -> str:
        return "dissertation" if self.quote else "between"


# --- the 7-level question ------------------------------------------------------------------
# "самостоятельно оценить существующий уровень интернационализации ... по 7-балльной шкале в
# соответствии с приведёнными описаниями": the dissertation paraphrases four of the options
# (as the survey's results); they stand at levels 1, 3, 5 and 7.

_QUOTED_LEVELS: dict[int, Sourced] = {
    1: Sourced(
        Text(
            sv="Internationalisering ingår inte i planerna hos klustrets ledning och deltagare.",
            en="Internationalisation is not part of the plans of the cluster's management "
            "and members.",
        ),
        "интернационализация не входит в планы менеджмента и участников кластера",
    ),
    3: Sourced(
        Text(
            sv="Den internationella verksamheten är selektiv (till exempel bara mellan "
            "forskningscentrum eller stora företag) och dessutom enstaka och spontan. "
            "Klustret som helhet är inte känt utanför regionen och landet. Det finns ingen "
            "internationaliseringsstrategi.",
            en="International activity is selective (for example, only between research "
            "centres or large companies) and, moreover, one-off and spontaneous. The cluster "
            "as a whole is not known outside its region and country. There is no "
            "internationalisation strategy.",
        ),
        "выборочность осуществления международной деятельности (например, только между "
        "исследовательскими центрами или крупными предприятиями), которая к тому же имеет "
        "единичный, спонтанный характер. Кластер как единое целое не известен за пределами "
        "региона и страны. Стратегия интернационализации отсутствует.",
    ),
    5: Sourced(
        Text(
            sv="Fasta kontakter med minst ett utländskt kluster; ledningen och de flesta "
            "deltagarna är inriktade på att utveckla det externa samarbetet, och den "
            "internationella verksamheten planeras.",
            en="Permanent contacts with at least one foreign cluster; the management and most "
            "members are oriented towards developing external cooperation, and international "
            "activity is planned.",
        ),
        "наличие постоянных контактов как минимум с одним зарубежным кластером; менеджмент и "
        "большинство участников ориентированы на развитие внешней кооперации, осуществляется "
        "планирование международной деятельности",
    ),
    7: Sourced(
        Text(
            sv="Klustret och dess företag (organisationer, institut) visar en stabilt hög "
            "utvecklingsnivå i det externa samarbetet. Det finns starka partnerskap, lyckade "
            "gemensamma projekt utomlands och internationellt erkännande, och en särskild "
            "strategi för den internationella verksamheten har tagits fram.",
            en="The cluster and its member companies (organisations, institutes) show a "
            "consistently high level of development of external cooperation. There are strong "
            "partnerships, successful joint projects abroad and international recognition, "
            "and a dedicated strategy for international activity has been drawn up.",
        ),
        "кластер и входящие в его состав компании (организации, институты) демонстрируют стабильно "
        "высокий уровень развития внешней кооперации. Есть прочные партнёрские связи, "
        "успешные совместные проекты за рубежом, международное признание, разработана "
        "специальная стратегия международной деятельности.",
    ),
}


def _between(level: int) -> Sourced:
    low, high = level - 1, level + 1
    return Sourced(
        Text(
            sv=f"Mellan nivå {low} och nivå {high}: källan beskriver ingen egen nivå här.",
            en=f"Between level {low} and level {high}: the source describes no level of its "
            "own here.",
        ),
        None,
    )


LEVELS: dict[int, Sourced] = {
    level: _QUOTED_LEVELS.get(level) or _between(level) for level in LEVEL_RANGE
}


# --- the 0–4 scores of the three grids ---------------------------------------------------------
# Only the ends are described. The dissertation defines them for the participant groups
# ("0 – международные связи отсутствуют, 4 – уровень международного сотрудничества высокий")
# and rates directions and geography "also" from 0 to 4, naming what each measures.

MEASURES: dict[Dimension, Sourced] = {
    Dimension.GROUPS: Sourced(
        Text(sv="Aktivitet", en="Activity"),
        "оценить активность существующих международных связей участников",
    ),
    Dimension.DIRECTIONS: Sourced(
        Text(sv="Intensitet", en="Intensity"),
        "Оценка интенсивности международного сотрудничества кластера по направлениям "
        "деятельности также проводилась по шкале от 0 до 4",
    ),
    Dimension.GEOGRAPHY: Sourced(
        Text(sv="Kontakternas framgång", en="Success of contacts"),
        "исходя из успешности контактов с различными группами государств по шкале от 0 до 4",
    ),
}

END_LABELS: dict[Dimension, dict[int, Sourced]] = {
    Dimension.GROUPS: {
        0: Sourced(
            Text(sv="Inga internationella kontakter", en="No international links"),
            "0 – международные связи отсутствуют",
        ),
        4: Sourced(
            Text(
                sv="En hög nivå av internationellt samarbete",
                en="A high level of international cooperation",
            ),
            "4 – уровень международного сотрудничества высокий",
        ),
    },
    Dimension.DIRECTIONS: {
        0: Sourced(
            Text(
                sv="Inga internationella kontakter inom området",
                en="No international contacts in this direction",
            ),
            "Полное отсутствие международных контактов по каждому направлению",
        ),
        4: Sourced(
            Text(
                sv="Mycket intensivt internationellt samarbete",
                en="Highly intensive international cooperation",
            ),
            "Наиболее активные контакты с зарубежными партнёрами",
        ),
    },
    Dimension.GEOGRAPHY: {
        0: Sourced(
            Text(sv="Inga kontakter med dessa länder", en="No contacts with these countries"),
            "0 – международные связи отсутствуют",
        ),
        4: Sourced(
            Text(
                sv="Stabilt samarbete med hög intensitet",
                en="Stable cooperation of high intensity",
            ),
            "сотрудничество с европейскими партнёрами характеризуется стабильной и высокой "
            "интенсивностью",
        ),
    },
}


def score_names(dimension: Dimension) -> dict[int, Text]:
    """The choices of a score: its ends described, 1–3 as bare numbers."""
    ends = END_LABELS[dimension]
    return {
        score: Text(sv=f"{score} – {ends[score].text.sv}", en=f"{score} – {ends[score].text.en}")
        if score in ends
        else Text(sv=str(score), en=str(score))
        for score in SCORES
    }


# --- the internationalisation programme -------------------------------------------------------
# "мероприятия ... по ключевым направлениям (в области науки, технологий и образования;
# международной производственной кооперации и освоения новых рынков; социокультурного и
# инфраструктурного развития регионального кластера; организационного развития кластера)"


class KeyDirection(StrEnum):
    SCIENCE_EDUCATION = "science_education"
    PRODUCTION_MARKETS = "production_markets"
    SOCIOCULTURAL = "sociocultural"
    ORGANISATIONAL = "organisational"


KEY_DIRECTION_NAMES: dict[KeyDirection, Text] = {
    KeyDirection.SCIENCE_EDUCATION: Text(
        sv="Vetenskap, teknik och utbildning", en="Science, technology and education"
    ),
    KeyDirection.PRODUCTION_MARKETS: Text(
        sv="Internationellt produktionssamarbete och nya marknader",
        en="International production cooperation and new markets",
    ),
    KeyDirection.SOCIOCULTURAL: Text(
        sv="Klustrets sociokulturella utveckling och infrastruktur",
        en="Socio-cultural and infrastructure development of the cluster",
    ),
    KeyDirection.ORGANISATIONAL: Text(
        sv="Klustrets organisatoriska utveckling", en="Organisational development of the cluster"
    ),
}

SWOT_FIELDS: tuple[tuple[str, Text], ...] = (
    ("strengths", Text(sv="Styrkor", en="Strengths")),
    ("weaknesses", Text(sv="Svagheter", en="Weaknesses")),
    ("opportunities", Text(sv="Möjligheter", en="Opportunities")),
    ("threats", Text(sv="Hot", en="Threats")),
)
