"""Initiering / Initiation (slides 3-6)."""

from app.phases.types import Category, Checklist, Evidence, Phase, PhaseSpec, Text
from app.phases.v1._build import item_factory

_item = item_factory(Phase.INITIATION)
_E, _S, _R, _L = Category.EVENTS, Category.SUPPORT, Category.RESULTS, Category.LEADERSHIP
_NOTE, _LINK = Evidence.NOTE, Evidence.LINK

EVENTS = Checklist(
    category=_E,
    title=Text(
        sv="Hemläxa/händelser i initieringsfasen",
        en="Homework/events in the initiation phase",
    ),
    items=(
        _item(
            _E,
            "development_need",
            "Utgångspunkten är ett initiativ som bygger på behov av att utveckla",
            "The starting point is an initiative based on a need to develop",
        ),
        _item(
            _E,
            "formalise_initiative",
            "Formalisera initiativet exempelvis genom att:",
            "Formalise the initiative, for example by:",
        ),
        _item(
            _E,
            "strategic_idea",
            "Tydliggöra den strategiska idén och bli överens",
            "Clarifying the strategic idea and reaching agreement on it",
        ),
        _item(
            _E,
            "environment_analysis",
            "Omvärldsanalys (kompetensområde, trender, bransch, region)",
            "An analysis of the surrounding world (field of competence, trends, industry, region)",
            evidence=_LINK,
        ),
        _item(
            _E,
            "problem_inventory",
            "Problem- och möjlighetsinventering t ex förstudie, nollpunktsanalys",
            "An inventory of problems and opportunities, e.g. a feasibility study or a baseline "
            "analysis",
            evidence=_LINK,
        ),
        _item(
            _E,
            "collaboration_goals",
            "Mål, syfte och nytta med samverkan, intressentanalys",
            "Goals, purpose and benefits of the collaboration; a stakeholder analysis",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "action_plan",
            "Handlingsplan, strategi/gemensamma värderingar.",
            "An action plan, strategy/shared values.",
            evidence=_LINK,
        ),
        _item(
            _E,
            "mobilise_support",
            "Mobilisera, förankra.",
            "Mobilise and build support.",
        ),
        _item(
            _E,
            "buy_in",
            "Insäljning/engagemang/förankring/mind-set",
            "Selling in/engagement/building support/mindset",
        ),
        _item(
            _E,
            "leadership_group",
            "Skapa processledningsgrupp (med offentl./privat – samhällsentreprenör).",
            "Set up a process leadership group (public/private – a civic entrepreneur).",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "team_building",
            "Teambuilding",
            "Team building",
        ),
        _item(
            _E,
            "develop_network",
            "Utveckla nätverket, klargöra roller.",
            "Develop the network, clarify roles.",
        ),
        _item(
            _E,
            "use_networks",
            "Inventera och nyttja allas nätverk",
            "Map and make use of everyone's networks",
        ),
    ),
)

SUPPORT = Checklist(
    category=_S,
    title=Text(sv="Processtöd i initieringsfasen", en="Process support in the initiation phase"),
    items=(
        _item(
            _S,
            "intensive_effort",
            "Initieringsfasen kräver ofta intensiv arbetsinsats av alla aktörer (vägledning",
            "The initiation phase often requires an intensive effort from all actors (guidance)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "course_and_exchange",
            "Kombination av erfarenhetsutbyte och kurs i klusterutveckling "
            "(begreppsförståelse, utvecklingslogik kopplat till implementering genom "
            "utvecklingen av ett draft som bygger på punkterna i hemläxan)",
            "A combination of experience exchange and a course in cluster development "
            "(understanding of the concepts, development logic linked to implementation by "
            "developing a draft based on the points of the homework)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "trust_building",
            "Stöd till processledningsgrupper för att skapa förtroendefulla relationer i "
            "nätverket och med andra nyckelaktörer",
            "Support for process leadership groups in building trusting relationships within "
            "the network and with other key actors",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "mentor_support",
            "Mentorskap",
            "Mentoring",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "seed_money",
            "Såddpengar – exempelvis till förstudie",
            "Seed money – for example for a feasibility study",
            evidence=_NOTE,
        ),
    ),
)

RESULTS = Checklist(
    category=_R,
    title=Text(
        sv="Resultat, avstämning i initieringsfasen",
        en="Results, checkpoint in the initiation phase",
    ),
    items=(
        _item(
            _R,
            "clear_goals",
            "Tydliga mål, problembeskrivning och motivering till satsning",
            "Clear goals, a problem description and a rationale for the investment",
            evidence=_LINK,
        ),
        _item(
            _R,
            "plan_with_milestones",
            "Handlingsplan (hur går man vidare, mål, milstenar, med vem)",
            "An action plan (how to proceed, goals, milestones, with whom)",
            evidence=_LINK,
        ),
        _item(
            _R,
            "network_embryo",
            "Embryo till nätverk med företag, offentliga aktörer, UoH eller annan "
            "kunskapsproducent som delar värderingar och har början till vision.",
            "The embryo of a network of companies, public actors, higher education "
            "institutions (UoH) or other knowledge producers that share values and have the "
            "beginnings of a vision.",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "driving_group",
            "Processledningsgrupp som driver projektet vidare",
            "A process leadership group that takes the project forward",
            evidence=_NOTE,
        ),
    ),
)

LEADERSHIP = Checklist(
    category=_L,
    title=Text(
        sv="Processledning i initieringsfasen",
        en="Process leadership in the initiation phase",
    ),
    items=(
        _item(
            _L,
            "group_not_individual",
            "Processledning i form av en grupp – inte individ.",
            "Process leadership in the form of a group – not an individual.",
        ),
        _item(
            _L,
            "door_openers",
            "Trovärdiga dörröppnare med stora nätverk.",
            "Credible door-openers with large networks.",
        ),
        _item(
            _L,
            "inspire_engagement",
            "Förmåga att entusiasmera och skapa engagemang, lyhördhet.",
            "The ability to enthuse and create engagement; responsiveness.",
        ),
        _item(
            _L,
            "education_contacts",
            "Bra kontakt med utbildning och offentlig sektor.",
            "Good contacts with education and the public sector.",
        ),
        _item(
            _L,
            "feasibility_study",
            "Förstudie: Kartlägga position, kompetensbehov och avgränsning, identifiera aktörer "
            "och göra ”reality-check”",
            "Feasibility study: map the position, competence needs and scope, identify the "
            "actors and do a “reality check”",
            evidence=_LINK,
        ),
        _item(
            _L,
            "meeting_places",
            "Tillhandahålla mötesplatser",
            "Provide meeting places",
        ),
        _item(
            _L,
            "draft_action_plan",
            "Utforma en handlingsplan.",
            "Draw up an action plan.",
            evidence=_LINK,
        ),
        _item(
            _L,
            "basic_competence",
            "Grundläggande kompetens i begrepp och arbetssätt inom klusterutveckling.",
            "Basic competence in the concepts and working methods of cluster development.",
        ),
        _item(
            _L,
            "leader_exchange",
            "Samla ”nya” och ”gamla” processledare i erfarenhetsutbyte.",
            "Bring “new” and “old” process leaders together to exchange experience.",
        ),
    ),
)

PHASE = PhaseSpec(
    phase=Phase.INITIATION,
    name=Text(sv="Initiering", en="Initiation"),
    checklists=(EVENTS, SUPPORT, RESULTS, LEADERSHIP),
)
