"""The phase model of cluster development, as versioned data.

Each published version lives in its own package and never changes once
published (see registry.py and published.json); a reworded, added or removed
item means a new version. Initiatives store the version they follow.
"""

from app.phases import registry
from app.phases.registry import PublishedVersion
from app.phases.types import (
    CATEGORY_ORDER,
    PHASE_ORDER,
    Category,
    Checklist,
    Evidence,
    Item,
    Phase,
    PhaseModel,
    PhaseSpec,
    Text,
)
from app.phases.v1 import MODEL as MODEL_V1

# Both kept in publishing order, oldest first; registered at import from published.json.
MODELS: dict[str, PhaseModel] = {}
PUBLISHED: dict[str, PublishedVersion] = {}
# The first version shipped; new initiatives start on latest_version().
CURRENT_VERSION = MODEL_V1.version


class UnknownModelVersion(LookupError):
    pass


def get_model(version: str | None = None) -> PhaseModel:
    """The published version `version`; without one, the newest (new initiatives' own)."""
    version = version or latest_version()
    try:
        return MODELS[version]
    except KeyError:
        raise UnknownModelVersion(version) from None


def register(model: PhaseModel, record: PublishedVersion) -> None:
    """Make a published version available; its content must match its fingerprint."""
    registry.verify(model, record)
    if model.version in MODELS and MODELS[model.version] is not model:
        raise registry.PublishError(f"{model.version} is already registered.")
    MODELS[model.version] = model
    PUBLISHED[model.version] = record


def unregister(version: str) -> None:
    MODELS.pop(version, None)
    PUBLISHED.pop(version, None)


def latest_version() -> str:
    return next(reversed(MODELS))


def is_newer(version: str, than: str) -> bool:
    """Whether `version` was published after `than` (both registered)."""
    order = list(MODELS)
    return order.index(version) > order.index(than)


def _load_published() -> None:
    for record in registry.read_published():
        register(registry.load_model(record.module), record)


_load_published()


__all__ = [
    "CATEGORY_ORDER",
    "CURRENT_VERSION",
    "MODELS",
    "PHASE_ORDER",
    "PUBLISHED",
    "Category",
    "Checklist",
    "Evidence",
    "Item",
    "Phase",
    "PhaseModel",
    "PhaseSpec",
    "Text",
    "UnknownModelVersion",
    "get_model",
    "is_newer",
    "latest_version",
    "register",
    "unregister",
]
