"""Etablering / Establishment (slides 11-14)."""

from app.phases.types import Category, Checklist, Evidence, Phase, PhaseSpec, Text
from app.phases.v1._build import item_factory

_item = item_factory(Phase.ESTABLISHMENT)
_E, _S, _R, _L = Category.EVENTS, Category.SUPPORT, Category.RESULTS, Category.LEADERSHIP
_NOTE, _LINK = Evidence.NOTE, Evidence.LINK

EVENTS = Checklist(
    category=_E,
    title=Text(
        sv="Händelser/status i etableringsfasen",
        en="Events/status in the establishment phase",
    ),
    items=(
        _item(
            _E,
            "organisational_home",
            "Hitta hemvist eller utveckla organisationen.",
            "Find a home for the organisation or develop it.",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "clear_owner",
            "Tydlig uppdragsgivare/ägare",
            "A clear principal/owner",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "combined_financing",
            "Arbeta med olika former av finansieringslösningar (kombinera lösningar på ett "
            "fungerande sätt)",
            "Work with various forms of financing solutions (combine solutions in a way that "
            "works)",
        ),
        # "Exempel på verksamhetsområden: ..." elaborates the sentence before it.
        _item(
            _E,
            "operating_areas",
            "Starta och drifta verksamhetsområden med projektorganisation och projektportfölj. "
            "Exempel på verksamhetsområden: kompetensförsörjning, kompetensutveckling, "
            "strategi för innovationer - FoU, plattformar och processer/metoder, och samtidigt "
            "behålla fokus",
            "Start and run areas of operation with a project organisation and a project "
            "portfolio. Examples of areas of operation: skills supply, competence development, "
            "an innovation strategy – R&D, platforms and processes/methods – while keeping "
            "the focus",
        ),
        _item(
            _E,
            "build_brand",
            "Bygga varumärket",
            "Build the brand",
        ),
        _item(
            _E,
            "influence_regional_agenda",
            "Börja påverka regionala utvecklingsagendan och att vara en regional aktör/utförare",
            "Begin to influence the regional development agenda and to be a regional "
            "actor/implementer",
        ),
        _item(
            _E,
            "evaluate_operations",
            "Utvärdera (ev. internationellt)",
            "Evaluate (possibly internationally)",
            evidence=_LINK,
        ),
        # "Triple helix" stands alone in the seed: a tag on the alliances, not an item.
        _item(
            _E,
            "build_alliances",
            "Identifiera, initiera och bygga strategiska allianser – nationellt och "
            "internationellt. Triple helix",
            "Identify, initiate and build strategic alliances – nationally and "
            "internationally. Triple helix",
        ),
    ),
)

SUPPORT = Checklist(
    category=_S,
    title=Text(sv="Processtöd i etableringsfasen", en="Process support in the establishment phase"),
    items=(
        _item(
            _S,
            "financing_navigation",
            "Tillhandahålla navigeringsstöd vad gäller olika former för finansieringslösningar "
            "(finansieringsarkitektur för implementering)",
            "Provide help in navigating the various forms of financing solutions (a financing "
            "architecture for implementation)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "mobilise_resources",
            "Mobilisera resurser (pengar, kunskap och tid) för proaktivitet till exempel till "
            "att utveckla prospekt som utvecklar medlemmarna och regionen (så att initiativet "
            "kan upplevas vara en investeringsmöjlighet)",
            "Mobilise resources (money, knowledge and time) for proactive work, for example to "
            "develop prospects that develop the members and the region (so that the initiative "
            "can be seen as an investment opportunity)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "risk_capital",
            "Medverka till mobilisering av riskfinansiering och kursförändring (från "
            "klusterinitiativet eller från externa aktörer)",
            "Help mobilise risk capital and changes of course (from the cluster initiative or "
            "from external actors)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "knowledge_support",
            "Erbjuda kunskapsstöd (exempelvis för verksamhetsutveckling, kompetensutveckling, "
            "varumärkesbyggande, uppföljning och utveckling av kommunikationsstrategi)",
            "Offer knowledge support (for example for business development, competence "
            "development, brand building, follow-up and the development of a communication "
            "strategy)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "reporting_system",
            "Erbjuda uppföljnings- och rapporteringssystem som stödjer utvecklingen av initiativet",
            "Offer follow-up and reporting systems that support the development of the initiative",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "regional_mandate",
            "Klusterinitiativens uppdrag är inskrivna i det regionala uppdraget (RUP, RTP)",
            "The cluster initiatives' mandates are written into the regional mandate "
            "(RUP – the regional development programme; RTP – the regional transport plan)",
            evidence=_LINK,
        ),
    ),
)

RESULTS = Checklist(
    category=_R,
    title=Text(sv="Resultat i etableringsfasen", en="Results in the establishment phase"),
    items=(
        _item(
            _R,
            "home_and_form",
            "Organisationens hemvist och form är fastställd (behöver inte vara en juridisk person)",
            "The organisation's home and form have been settled (need not be a legal entity)",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "long_term_financing",
            "Hittat och förankrat långsiktiga finansieringslösningar.",
            "Long-term financing solutions have been found and have gained backing.",
            evidence=_LINK,
        ),
        _item(
            _R,
            "transition_started",
            "Påbörjat omställning",
            "A transition has begun",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "operating_areas_established",
            "Etablerat verksamhetsområden med förmåga att driva/koordinera parallella "
            "processer, projekt och nätverk",
            "Areas of operation have been established, with the capacity to run/coordinate "
            "parallel processes, projects and networks",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "communication_strategy",
            "Det finns en kommunikationsstrategi och varumärket är etablerat.",
            "There is a communication strategy and the brand is established.",
            evidence=_LINK,
        ),
        _item(
            _R,
            "regional_participation",
            "Är delaktig på den regionala utvecklingsagendan (påverkar/påverkas av)",
            "Takes part in the regional development agenda (influences it/is influenced by it)",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "evaluation_method",
            "Arbetssätt för utvärdering av initiativets verksamhet och lärande har utvecklats",
            "Ways of evaluating the initiative's operations and learning have been developed",
            evidence=_LINK,
        ),
        _item(
            _R,
            "operations_evaluated",
            "Initiativets verksamhet och resultat har utvärderats (ev. internationellt)",
            "The initiative's operations and results have been evaluated (possibly "
            "internationally)",
            evidence=_LINK,
        ),
        _item(
            _R,
            "alliances_established",
            "Strategiska allianser – nationellt och internationellt har etablerats",
            "Strategic alliances – nationally and internationally – have been established",
            evidence=_NOTE,
        ),
    ),
)

LEADERSHIP = Checklist(
    category=_L,
    title=Text(
        sv="Processledning i etableringsfasen",
        en="Process leadership in the establishment phase",
    ),
    items=(
        _item(
            _L,
            "governance_roles",
            "Tydliggöra styrning och roller.",
            "Clarify governance and roles.",
        ),
        _item(
            _L,
            "funder_needs",
            "Svara mot finansiärernas behov och krav",
            "Meet the funders' needs and requirements",
        ),
        _item(
            _L,
            "board_representation",
            "Koppla mot andra kluster ifråga om representation i styrelser.",
            "Link up with other clusters on representation on boards.",
        ),
        _item(
            _L,
            "deliver_results",
            "Leverera.",
            "Deliver.",
        ),
        _item(
            _L,
            "represent_cluster",
            "Vara klustrets företrädare även i internationella sammanhang, koppla till "
            "forskning på ett relevant sätt",
            "Represent the cluster, in international contexts too, and link to research in a "
            "relevant way",
        ),
        _item(
            _L,
            "manage_expectations",
            "Hantera förväntningar och krav från alla aktörer som samhandlar inom ”triple-helix”.",
            "Manage the expectations and demands of all actors working together within the "
            "“triple helix”.",
        ),
        _item(
            _L,
            "staff_responsibility",
            "Personalansvar.",
            "Responsibility for staff.",
        ),
        _item(
            _L,
            "be_proactive",
            "Vara proaktiv",
            "Be proactive",
        ),
    ),
)

PHASE = PhaseSpec(
    phase=Phase.ESTABLISHMENT,
    name=Text(sv="Etablering", en="Establishment"),
    checklists=(EVENTS, SUPPORT, RESULTS, LEADERSHIP),
)
