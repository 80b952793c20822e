"""Actor types and triple-helix sides as data, and the checklist items the register informs."""

from __future__ import annotations

from enum import StrEnum

from app.phases import Text


class HelixSide(StrEnum):
    BUSINESS = "business"
    ACADEMIA = "academia"
    PUBLIC = "public"


class ActorType(StrEnum):
    ANCHOR_COMPANY = "anchor_company"
    SME = "sme"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    PUBLIC_BODY = "public_body"
    SUPPORT_ORGANISATION = "support_organisation"
    CLUSTER_ORGANISATION = "cluster_organisation"


HELIX_SIDE_NAMES: dict[HelixSide, Text] = {
    HelixSide.BUSINESS: Text(sv="Näringsliv", en="Business"),
    HelixSide.ACADEMIA: Text(sv="Akademi", en="Academia"),
    HelixSide.PUBLIC: Text(sv="Offentlig sektor", en="Public sector"),
}

ACTOR_TYPE_NAMES: dict[ActorType, Text] = {
    ActorType.ANCHOR_COMPANY: Text(sv="Ankarföretag", en="Anchor company"),
    ActorType.SME: Text(sv="Små och medelstora företag", en="SME"),
    ActorType.UNIVERSITY: Text(sv="Universitet eller högskola", en="University or college"),
    ActorType.RESEARCH_INSTITUTE: Text(
        sv="Forskningsinstitut eller labb", en="Research institute or lab"
    ),
    ActorType.PUBLIC_BODY: Text(sv="Offentlig aktör", en="Public body"),
    ActorType.SUPPORT_ORGANISATION: Text(
        sv="Stödjande organisation (bank, leasing, rekrytering)",
        en="Support organisation (bank, leasing, recruitment)",
    ),
    ActorType.CLUSTER_ORGANISATION: Text(sv="Klusterorganisationen", en="The cluster organisation"),
}

# The side a type usually stands on; a row may say otherwise (a municipal company,
# a cluster organisation run by a university).
DEFAULT_HELIX_SIDE: dict[ActorType, HelixSide] = {
    ActorType.ANCHOR_COMPANY: HelixSide.BUSINESS,
    ActorType.SME: HelixSide.BUSINESS,
    ActorType.UNIVERSITY: HelixSide.ACADEMIA,
    ActorType.RESEARCH_INSTITUTE: HelixSide.ACADEMIA,
    ActorType.PUBLIC_BODY: HelixSide.PUBLIC,
    ActorType.SUPPORT_ORGANISATION: HelixSide.BUSINESS,
    ActorType.CLUSTER_ORGANISATION: HelixSide.BUSINESS,
}

# "Companies" in the phase model's "critical mass in number of companies".
COMPANY_TYPES = frozenset({ActorType.ANCHOR_COMPANY, ActorType.SME})


class Fact(StrEnum):
    COMPANIES = "companies"  # active anchor companies and SMEs
    HELIX = "helix"  # active actors per triple-helix side
    MEMBERSHIP = "membership"  # active actors, and how many have joined and left
    INTERNATIONALISATION = "internationalisation"  # the latest self-assessed level


# Checklist items (phase model v1) and the actor facts shown beside them. Shown only:
# the items stay ticked by people.
FACT_ITEMS: dict[str, tuple[Fact, ...]] = {
    # "Kritisk massa vad gäller antal företag"
    "starting_point.results.critical_mass": (Fact.COMPANIES,),
    # "Affärsdrivet företagsnätverk"
    "starting_point.results.business_network": (Fact.COMPANIES, Fact.HELIX),
    # "Öppenhet och nyfikenhet ... till akademin"
    "starting_point.results.academic_openness": (Fact.HELIX,),
    # "Identifiera och stämma av nätverksregler/former för samverkan (anslutning, utträde ..."
    "pilot.events.network_rules": (Fact.MEMBERSHIP,),
    # "Klusterinitiativet är etablerat med regler för t ex anslutning och utträde"
    "pilot.results.joining_rules": (Fact.MEMBERSHIP, Fact.HELIX),
    # "Identifiera, initiera och bygga strategiska allianser – nationellt och
    # internationellt. Triple helix"
    "establishment.events.build_alliances": (Fact.HELIX, Fact.INTERNATIONALISATION),
    # "Strategiska allianser – nationellt och internationellt har etablerats"
    "establishment.results.alliances_established": (Fact.INTERNATIONALISATION,),
}
