"""Hållbarhet / Sustainability (slides 15-18).

The seed repeats the events (slide 15) almost word for word as the results (slide 17),
with "fortfarighetsperspektiv" for "fortvarighetsperspektiv" and without the last two
clauses; both are kept as the seed has them, under their own keys.
"""

from app.phases.types import Category, Checklist, Evidence, Phase, PhaseSpec, Text
from app.phases.v1._build import item_factory

_item = item_factory(Phase.SUSTAINABILITY)
_E, _S, _R, _L = Category.EVENTS, Category.SUPPORT, Category.RESULTS, Category.LEADERSHIP
_NOTE, _LINK = Evidence.NOTE, Evidence.LINK

_REGIONAL_PROCESSES_EN = (
    "Influence regional processes for financing (RUP – the regional development programme; "
    "RTP – the regional transport plan; municipal development strategies, on the basis that "
    "the initiative is regarded as an “investment object”)"
)

EVENTS = Checklist(
    category=_E,
    title=Text(sv="Händelser i hållbarhetsfasen", en="Events in the sustainability phase"),
    items=(
        _item(
            _E,
            "complementary_financing",
            "Arbeta med kompletterande finansieringslösningar utifrån ett fortvarighetsperspektiv",
            "Work with complementary financing solutions from a long-term perspective",
        ),
        _item(
            _E,
            "influence_programmes",
            "Påverka inriktningen av nationella och EU-baserade program",
            "Influence the direction of national and EU-based programmes",
        ),
        _item(
            _E,
            "influence_regional_financing",
            "Påverka regionala processer för finansiering (RUP, RTP, kommunala "
            "utvecklingsstrategier utifrån att initiativet betraktas som ett "
            "”investeringsobjekt”)",
            _REGIONAL_PROCESSES_EN,
        ),
        _item(
            _E,
            "lasting_triple_helix",
            "Utveckla fortvariga Triple Helix relationer",
            "Develop lasting Triple Helix relationships",
        ),
        _item(
            _E,
            "continued_rnd",
            "Fortsatt utveckling av FoU – nationellt/internationellt och arbeta med "
            "kommersialisering",
            "Continue developing R&D – nationally/internationally – and work on commercialisation",
        ),
        _item(
            _E,
            "strategic_changes",
            "Utvärdera verksamhetsinriktning och genomföra strategiska förändringar",
            "Evaluate the focus of operations and carry out strategic changes",
            evidence=_NOTE,
        ),
        _item(
            _E,
            "communicate_successes",
            "Dokumentera och synliggöra resultat och kommunicera framgångar",
            "Document results, make them visible and communicate successes",
            evidence=_LINK,
        ),
        _item(
            _E,
            "possible_reorganisation",
            "Omorganisation, ny ledning, ny styrelse?",
            "Reorganisation, new management, a new board?",
        ),
    ),
)

SUPPORT = Checklist(
    category=_S,
    title=Text(
        sv="Processtöd i hållbarhetsfasen", en="Process support in the sustainability phase"
    ),
    items=(
        _item(
            _S,
            "regional_leadership",
            "Det regionala ledarskapet är engagerat",
            "The regional leadership is engaged",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "cluster_contact",
            "Den regionala stödfunktionen handlar om att ha kontakt med klustren och:",
            "The regional support function is about keeping in contact with the clusters and:",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "provide_lubricant",
            "Tillhandahålla ”smörjmedel” (pengar, kunskap etc)",
            "Providing “lubricant” (money, knowledge, etc.)",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "open_doors",
            "”Öppna dörrar”",
            "“Opening doors”",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "public_actors",
            "Facilitera de offentliga aktörernas uppträdande",
            "Facilitating how the public actors act",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "task_force",
            "”Task force” – stöd när det sker förändringar inom eller kring klustret "
            "alternativt när nya möjligheter uppstår",
            "“Task force” – support when changes happen within or around the cluster, or when "
            "new opportunities arise",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "quality_work",
            "Kvalitetsarbete",
            "Quality work",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "lend_legitimacy",
            "Legitimitet",
            "Legitimacy",
            evidence=_NOTE,
        ),
        _item(
            _S,
            "cross_industry_arenas",
            "Skapa arenor för branschöverskridande erfarenhetsutbyte",
            "Create arenas for exchanging experience across industries",
            evidence=_NOTE,
        ),
    ),
)

RESULTS = Checklist(
    category=_R,
    title=Text(sv="Resultat i hållbarhetsfasen", en="Results in the sustainability phase"),
    items=(
        _item(
            _R,
            "sustained_financing",
            "Arbeta med kompletterande finansieringslösningar utifrån ett fortfarighetsperspektiv",
            "Work with complementary financing solutions from a long-term perspective",
            evidence=_LINK,
        ),
        _item(
            _R,
            "programme_influence",
            "Påverka inriktningen av nationella och EU-baserade program",
            "Influence the direction of national and EU-based programmes",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "regional_financing_influence",
            "Påverka regionala processer för finansiering (RUP, RTP, kommunala "
            "utvecklingsstrategier utifrån att initiativet betraktas som ett "
            "”investeringsobjekt”)",
            _REGIONAL_PROCESSES_EN,
            evidence=_NOTE,
        ),
        _item(
            _R,
            "triple_helix_relations",
            "Utveckla fortvariga Triple Helix relationer",
            "Develop lasting Triple Helix relationships",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "rnd_commercialisation",
            "Fortsatt utveckling av FoU – nationellt/internationellt och arbeta med "
            "kommersialisering",
            "Continue developing R&D – nationally/internationally – and work on commercialisation",
            evidence=_NOTE,
        ),
        _item(
            _R,
            "strategic_review",
            "Utvärdera verksamhetsinriktning och genomföra strategiska förändringar",
            "Evaluate the focus of operations and carry out strategic changes",
            evidence=_LINK,
        ),
        _item(
            _R,
            "results_documented",
            "Dokumentera och synliggöra resultat",
            "Document results and make them visible",
            evidence=_LINK,
        ),
    ),
)

LEADERSHIP = Checklist(
    category=_L,
    title=Text(
        sv="Processledning i hållbarhetsfasen",
        en="Process leadership in the sustainability phase",
    ),
    items=(
        _item(
            _L,
            "balanced_finances",
            "Få ekonomin att gå ihop, drifta en organisation och hitta finansiering även till "
            "omvärldsbevakning",
            "Make the finances add up, run an organisation and find financing for monitoring "
            "the outside world as well",
        ),
        _item(
            _L,
            "sustain_engagement",
            "Upprätthålla engagemang och dynamik i klustren",
            "Maintain engagement and dynamism in the clusters",
        ),
        _item(
            _L,
            "base_funding",
            "Skaffa finansiering för basorganisationen/förmå företag att betala",
            "Secure financing for the core organisation/get companies to pay",
        ),
        _item(
            _L,
            "close_nonviable",
            "Våga avsluta delar som inte visat sig livsdugligt",
            "Dare to close down parts that have not proved viable",
        ),
        _item(
            _L,
            "external_contacts",
            "Skapa kontaktytor och erfarenhetsutbyten med externa aktörer (nationellt, "
            "internationellt).",
            "Create points of contact and exchanges of experience with external actors "
            "(nationally, internationally).",
        ),
        _item(
            _L,
            "scale_up",
            "Skala upp och kommunicera med aktörer på en annan nivå.",
            "Scale up and communicate with actors at another level.",
        ),
        _item(
            _L,
            "bridge_downturns",
            "Skapa utrymme för omfördelning av medel för att överbrygga svackor",
            "Make room for reallocating funds to bridge lean periods",
        ),
        _item(
            _L,
            "constant_renewal",
            "Skapa förutsättningar för ständig förnyelse – utmana företagen, delta i skarpa "
            "innovationsprojekt, vara nära forskningen och skapa nya relationer.",
            "Create the conditions for constant renewal – challenge the companies, take part "
            "in real innovation projects, stay close to research and build new relationships.",
        ),
        _item(
            _L,
            "keep_ambition",
            "Skapa och bibehålla ”höjd” i klusterprojekten",
            "Create and maintain a high level of ambition (“height”) in the cluster projects",
        ),
        _item(
            _L,
            "nurture_brand",
            "Vårda och vidareutveckla varumärket",
            "Nurture and further develop the brand",
        ),
    ),
)

PHASE = PhaseSpec(
    phase=Phase.SUSTAINABILITY,
    name=Text(sv="Hållbarhet", en="Sustainability"),
    checklists=(EVENTS, SUPPORT, RESULTS, LEADERSHIP),
)
