"""Pilot (slides 7-10)."""

from app.phases.types import Category, Checklist, Evidence, Phase, PhaseSpec, Text
from app.phases.v1._build import item_factory

_item = item_factory(Phase.PILOT)
_E, _S, _R, _L = Category.EVENTS, Category.SUPPORT, Category.RESULTS, Category.LEADERSHIP
_NOTE, _LINK = Evidence.NOTE, Evidence.LINK

EVENTS = Checklist(
    category=_E,
    title=Text(sv="Händelser i pilotfasen", en="Events in the pilot phase"),
    items=(
        _item(
            _E,
            "formalise_organise",
            "Formalisering och organisering (behöver inte vara en juridisk person)",
            "Formalisation and organisation (need not be a legal entity)",
            evidence=_NOTE,
        ),
        # The seed's parenthesis runs on into "Tydliggöra den egna agendan ...", so the
        # two sentences stay one item.
        _item(
            _E,
            "network_rules",
            "Identifiera och stämma av nätverksregler/former för samverkan (anslutning, "
            "utträde och rollfördelning. Tydliggöra den egna agendan, förväntningar, "
            "drivkrafter, värderingar och spelregler)",
            "Identify and agree on network rules/forms of collaboration (joining, leaving and "
            "division of roles. Clarify one's own agenda, expectations, driving forces, values "
            "and ground rules)",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "cluster_identity",
            "Arbeta med klustrets identitet med kommunikation/marknadsföring (namn, webbplats "
            "och ”storytelling”)",
            "Work on the cluster's identity through communication/marketing (name, website and "
            "“storytelling”)",
        ),
        _item(
            _E,
            "develop_leadership",
            "Utveckla ledarskapet (till exempel: styrgrupp, referensgrupp, processledare/team)",
            "Develop the leadership (for example: steering group, reference group, process "
            "leader/team)",
        ),
        _item(
            _E,
            "deepen_vision",
            "Utveckla och fördjupa vision, strategisk och operativ agenda, uppföljningsbara mål.",
            "Develop and deepen the vision, the strategic and operational agenda, and goals "
            "that can be followed up.",
        ),
        _item(
            _E,
            "interim_goals",
            "Etappmål, tidiga resultat för legitimering",
            "Interim goals, early results to gain legitimacy",
        ),
        _item(
            _E,
            "financing_models",
            "Arbeta med finansiering och finansieringsmodeller (bestämma åtgärder/villkor för "
            "framtida klustermedlemmar) kopplat till inflytande",
            "Work on financing and financing models (decide on measures/terms for future "
            "cluster members) linked to influence",
        ),
        _item(
            _E,
            "member_value",
            "Tydliggöra medlemsnytta och medlemsbidrag",
            "Clarify the benefits for members and the members' contributions",
        ),
        _item(
            _E,
            "learning_model",
            "Utforma uppföljningsmodell och strategi för lärande",
            "Design a follow-up model and a strategy for learning",
        ),
    ),
)

SUPPORT = Checklist(
    category=_S,
    title=Text(sv="Processtöd i pilotfasen", en="Process support in the pilot phase"),
    items=(
        _item(
            _S,
            "stakeholder_backing",
            "Legitimitet – att initiativet får stöd från relevanta aktörer (regional "
            "utveckling, näringsliv, akademi, politiker osv.)",
            "Legitimacy – the initiative gains support from relevant actors (regional "
            "development, business, academia, politicians, etc.)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "leadership_acceptance",
            "Acceptans och legitimitet för initiativets ledning",
            "Acceptance and legitimacy for the initiative's leadership",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "tailored_support",
            "Skräddarsytt processtöd som omfattar stöd till utveckling verksamhet och "
            "organisering (till exempel utformning av vision, strategi, operativ agenda, "
            "stadgar, uppföljningsbara mål, rollfördelning och former för kommunikation)",
            "Tailored process support covering support for developing the operations and the "
            "organisation (for example drafting the vision, strategy, operational agenda, "
            "statutes, goals that can be followed up, division of roles and forms of "
            "communication)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "financing_examples",
            "Tydliggör finansieringslösningar utifrån andra regionala exempel",
            "Clarify financing solutions based on examples from other regions",
            evidence=_NOTE,
        ),
    ),
)

RESULTS = Checklist(
    category=_R,
    title=Text(sv="Resultat i pilotfasen", en="Results in the pilot phase"),
    items=(
        _item(
            _R,
            "vision_agenda",
            "Vision samt en strategisk och operativ agenda med uppföljningsbara mål",
            "A vision and a strategic and operational agenda with goals that can be followed up",
            evidence=_LINK,
        ),
        _item(
            _R,
            "joining_rules",
            "Klusterinitiativet är etablerat med regler för t ex anslutning och utträde",
            "The cluster initiative is established, with rules for e.g. joining and leaving",
            evidence=_LINK,
        ),
        _item(
            _R,
            "roles_clear",
            "Tydlig rollfördelning, vem gör vad",
            "A clear division of roles, who does what",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "clear_identity",
            "Klusterinitiativet har en tydligare identitet (namn, webbplats och varumärke)",
            "The cluster initiative has a clearer identity (name, website and brand)",
            evidence=_LINK,
        ),
        _item(
            _R,
            "story_shared",
            "Berättelse kring klusterinitiativet har skapats och förmedlats internt/externt",
            "A story about the cluster initiative has been created and communicated "
            "internally/externally",
            evidence=_LINK,
        ),
        _item(
            _R,
            "leadership_formed",
            "Ledarskapet är formerat",
            "The leadership has been formed",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "first_financing",
            "Finansieringslösningar för första steget i att skapa ett kluster",
            "Financing solutions for the first step in creating a cluster",
            evidence=_LINK,
        ),
    ),
)

LEADERSHIP = Checklist(
    category=_L,
    title=Text(sv="Processledning i pilotfasen", en="Process leadership in the pilot phase"),
    items=(
        _item(
            _L,
            "communication_skills",
            "Kommunikationskompetens, marknadsföring internt/externt, hemsida, tryckt material "
            "osv.",
            "Communication skills, internal/external marketing, website, printed material, etc.",
        ),
        _item(
            _L,
            "collaboration_agreement",
            "Utformning av samverkansavtal (köpa specialistkompetens)",
            "Drafting collaboration agreements (buying in specialist expertise)",
            evidence=_LINK,
        ),
        _item(
            _L,
            "actor_broker",
            "”Broker” – koppla ihop aktörer",
            "“Broker” – connect actors with each other",
        ),
        _item(
            _L,
            "university_collaboration",
            "Initiera samverkan med universitet/högskola (triple-helix).",
            "Initiate collaboration with universities/university colleges (triple helix).",
        ),
        _item(
            _L,
            "set_strategy",
            "Sätta strategi, vision, mål, arbetsformer och bestämma gemensamma aktiviteter "
            "(samhandling).",
            "Set the strategy, vision, goals and ways of working, and decide on joint "
            "activities (concerted action).",
        ),
        _item(
            _L,
            "realistic_expectations",
            "Tydliggöra förväntningar och se till att de är realistiska",
            "Clarify expectations and make sure they are realistic",
        ),
        _item(
            _L,
            "conflicts_of_interest",
            "Identifiera behov och våga ta intressekonflikter",
            "Identify needs and dare to take on conflicts of interest",
        ),
        _item(
            _L,
            "dare_prioritise",
            "Våga prioritera.",
            "Dare to prioritise.",
        ),
        _item(
            _L,
            "needs_first",
            "Börja i behov och inte i vilka medel som finns att tillgå",
            "Start from needs, not from the funds that happen to be available",
        ),
        _item(
            _L,
            "handover_structures",
            "Skapa strukturer för överlämnande, avveckling, utbildning av styrelseledamöter",
            "Create structures for handover, winding down and training of board members",
        ),
        _item(
            _L,
            "companies_invest",
            "Motivera företagen att satsa pengar i klustret",
            "Motivate the companies to invest money in the cluster",
        ),
        _item(
            _L,
            "payment_consensus",
            "Skapa konsensus kring betalningsmodeller.",
            "Build consensus on payment models.",
        ),
        _item(
            _L,
            "benefits_and_terms",
            "Tydliggöra nytta och villkor",
            "Clarify the benefits and the terms",
        ),
    ),
)

PHASE = PhaseSpec(
    phase=Phase.PILOT,
    name=Text(sv="Pilot", en="Pilot"),
    checklists=(EVENTS, SUPPORT, RESULTS, LEADERSHIP),
)
