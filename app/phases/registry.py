"""Published versions of the phase model: fingerprints, the record, registration.

A published version never changes: its fingerprint (SHA-256 over a canonical
JSON of its items) is recorded in `published.json`, and loading a version whose
content no longer matches fails. A reworded, added or removed item therefore
means a new version package `app/phases/vN/`, published with
`klusterfas model publish app.phases.vN`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.phases.types import PhaseModel

PUBLISHED_PATH = Path(__file__).resolve().parent / "published.json"


class PublishError(ValueError):
    pass


class PublishedModelChanged(PublishError):
    pass


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    version: str
    fingerprint: str
    published: date
    module: str

    def as_record(self) -> dict[str, str]:
        return {
            "fingerprint": self.fingerprint,
            "published": self.published.isoformat(),
            "module": self.module,
        }


def canonical_items(model: PhaseModel) -> list[dict[str, object]]:
    return [
        {
            "key": item.key,
            "phase": item.phase.value,
            "category": item.category.value,
            "sv": item.text.sv,
            "en": item.text.en,
            "required": item.required,
            "evidence": item.evidence.value,
            # Only headings carry the field, so versions without any keep their fingerprint.
            **({"heading": True} if item.heading else {}),
        }
        for item in sorted(model.items, key=lambda i: i.key)
    ]


def fingerprint(model: PhaseModel) -> str:
    text = json.dumps(
        canonical_items(model), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_published(path: Path = PUBLISHED_PATH) -> list[PublishedVersion]:
    """The published versions, oldest first (the file keeps publishing order)."""
    records: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return [
        PublishedVersion(
            version=version,
            fingerprint=record["fingerprint"],
            published=date.fromisoformat(record["published"]),
            module=record["module"],
        )
        for version, record in records.items()
    ]


def load_model(module: str) -> PhaseModel:
    model = getattr(importlib.import_module(module), "MODEL", None)
    if not isinstance(model, PhaseModel):
        raise PublishError(f"{module} has no MODEL phase model.")
    return model


def verify(model: PhaseModel, record: PublishedVersion) -> None:
    if model.version != record.version:
        raise PublishError(f"{record.module} holds {model.version}, not {record.version}.")
    if fingerprint(model) != record.fingerprint:
        raise PublishedModelChanged(
            f"{model.version} was published and must not change; "
            "publish the change as a new version."
        )


def publish(
    model: PhaseModel, *, module: str, on: date, path: Path = PUBLISHED_PATH
) -> PublishedVersion:
    """Record `model` as published in `path`; refuse a changed or a content-identical version."""
    published = read_published(path)
    record = PublishedVersion(model.version, fingerprint(model), on, module)
    for earlier in published:
        if earlier.version == model.version:
            verify(model, earlier)
            raise PublishError(f"{model.version} is already published.")
        if earlier.fingerprint == record.fingerprint:
            raise PublishError(
                f"{model.version} has the same items as {earlier.version}: nothing to publish."
            )
    records = {p.version: p.as_record() for p in published}
    records[record.version] = record.as_record()
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return record
