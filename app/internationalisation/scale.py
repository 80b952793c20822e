"""The vocabulary of the internationalisation self-assessment, as data.

Source: the dissertation in shared/seeds/cluster-internationalisation-dissertation.ru.txt,
section "Метод оценки уровня интернационализации регионального кластера": a survey of
Russia's pilot innovation clusters. Its keys are the JSON API's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.phases import Text

SCORE_MIN, SCORE_MAX = 0, 4  # "0 – международные связи отсутствуют, 4 – ... высокий"
HIGH_SCORES = (3, 4)  # the survey reports the share of «3» and «4»
LEVEL_MIN, LEVEL_MAX = 1, 7  # "по 7-балльной шкале"


class Dimension(StrEnum):
    GROUPS = "groups"  # activity of each participant group
    DIRECTIONS = "directions"  # intensity of each direction of cooperation
    GEOGRAPHY = "geography"  # success of contacts with each group of countries


@dataclass(frozen=True, slots=True)
class Axis:
    key: str
    name: Text


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

# "География зарубежного партнёрства"
GEOGRAPHY: tuple[Axis, ...] = (
    Axis("europe", Text(sv="Europa", en="Europe")),
    Axis("apec", Text(sv="Asien–Stillahavsområdet (APEC)", en="Asia-Pacific (APEC)")),
    Axis("customs_union", Text(sv="Eurasiska tullunionen", en="Eurasian customs union")),
    Axis("cis", Text(sv="OSS", en="CIS")),
    # "транснациональный уровень (наличие партнёров во всех частях света)"
    Axis("transnational", Text(sv="Transnationellt", en="Transnational")),
)

AXES: dict[Dimension, tuple[Axis, ...]] = {
    Dimension.GROUPS: GROUPS,
    Dimension.DIRECTIONS: DIRECTIONS,
    Dimension.GEOGRAPHY: GEOGRAPHY,
}

DIMENSION_NAMES: dict[Dimension, Text] = {
    Dimension.GROUPS: Text(sv="Aktörsgruppernas aktivitet", en="Activity of participant groups"),
    Dimension.DIRECTIONS: Text(sv="Samarbetsområden", en="Directions of cooperation"),
    Dimension.GEOGRAPHY: Text(sv="Geografi", en="Geography"),
}

SCORE_NAMES: dict[int, Text] = {
    0: Text(sv="0 – inga internationella kontakter", en="0 – no international links"),
    1: Text(sv="1 – enstaka", en="1 – occasional"),
    2: Text(sv="2 – måttlig", en="2 – moderate"),
    3: Text(sv="3 – aktiv", en="3 – active"),
    4: Text(sv="4 – hög, stabil", en="4 – high, stable"),
}

# The seven levels of the express self-assessment ("экспресс-самообследование ... по
# 7-балльной шкале в соответствии с приведёнными описаниями"). The seed quotes four of
# the descriptions (levels 1, 3, 5 and 7 below); levels 2, 4 and 6 lie between them.
LEVELS: dict[int, Text] = {
    # "интернационализация не входит в планы менеджмента и участников кластера"
    1: Text(
        sv="Internationalisering finns inte i klusterledningens eller deltagarnas planer.",
        en="Internationalisation is not in the plans of the cluster's management or members.",
    ),
    2: Text(
        sv="Intresse för internationalisering finns, men ingen internationell verksamhet ännu.",
        en="There is interest in internationalisation, but no international activity yet.",
    ),
    # "выборочность осуществления международной деятельности (например, только между
    # исследовательскими центрами или крупными предприятиями), которая к тому же имеет
    # единичный, спонтанный характер. Кластер как единое целое не известен за пределами
    # региона и страны. Стратегия интернационализации отсутствует."
    3: Text(
        sv="Enstaka, spontan internationell verksamhet hos vissa aktörer (t.ex. bara "
        "forskningscentrum eller stora företag). Klustret som helhet är okänt utanför "
        "regionen och landet. Ingen internationaliseringsstrategi.",
        en="Selective, one-off and spontaneous international activity by some members "
        "(e.g. only research centres or large companies). The cluster as a whole is unknown "
        "outside its region and country. No internationalisation strategy.",
    ),
    4: Text(
        sv="Återkommande internationella kontakter hos flera aktörer; klustret börjar "
        "synas utomlands, men verksamheten planeras inte gemensamt.",
        en="Recurring international contacts among several members; the cluster is starting "
        "to be seen abroad, but the activity is not planned jointly.",
    ),
    # "наличие постоянных контактов как минимум с одним зарубежным кластером; менеджмент и
    # большинство участников ориентированы на развитие внешней кооперации, осуществляется
    # планирование международной деятельности"
    5: Text(
        sv="Fasta kontakter med minst ett utländskt kluster; ledningen och de flesta "
        "aktörerna inriktar sig på internationellt samarbete, som planeras.",
        en="Regular contacts with at least one foreign cluster; the management and most "
        "members aim at international cooperation, and it is planned.",
    ),
    6: Text(
        sv="Utvecklade utlandskontakter: gemensamma projekt med flera utländska partner "
        "och ett växande internationellt erkännande; en strategi tas fram.",
        en="Developed external links: joint projects with several foreign partners and "
        "growing international recognition; a strategy is being written.",
    ),
    # "стабильно высокий уровень развития внешней кооперации. Есть прочные партнёрские
    # связи, успешные совместные проекты за рубежом, международное признание, разработана
    # специальная стратегия международной деятельности"
    7: Text(
        sv="Stabilt hög nivå: starka partnerskap, lyckade gemensamma projekt utomlands, "
        "internationellt erkännande och en skriven internationaliseringsstrategi.",
        en="Stable high level: strong partnerships, successful joint projects abroad, "
        "international recognition and a written internationalisation strategy.",
    ),
}

SWOT_FIELDS: tuple[tuple[str, Text], ...] = (
    ("strengths", Text(sv="Styrkor", en="Strengths")),
    ("weaknesses", Text(sv="Svagheter", en="Weaknesses")),
    ("opportunities", Text(sv="Möjligheter", en="Opportunities")),
    ("threats", Text(sv="Hot", en="Threats")),
)
