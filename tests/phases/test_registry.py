"""Published versions are immutable: fingerprints, publishing, registering, the CLI."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path
from typing import TypedDict, Unpack

import pytest

from app import cli, phases
from app.phases import CURRENT_VERSION, MODELS, PUBLISHED, PhaseModel, Text, get_model, registry
from app.phases.derive import derive
from tests.conftest import ADDED, DERIVED_VERSION, REMOVED, REWORDED, derived_model

V1 = get_model(CURRENT_VERSION)


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "published.json"
    shutil.copy(registry.PUBLISHED_PATH, path)
    return path


class ItemChanges(TypedDict, total=False):
    """The content of an item a published version fixes."""

    text: Text
    required: bool
    evidence: phases.Evidence


def _with_item(model: PhaseModel, key: str, **changes: Unpack[ItemChanges]) -> PhaseModel:
    item = model.item(key)
    assert item is not None
    changed = dataclasses.replace(item, **changes)
    phases_ = tuple(
        dataclasses.replace(
            spec,
            checklists=tuple(
                dataclasses.replace(c, items=tuple(changed if i.key == key else i for i in c.items))
                for c in spec.checklists
            ),
        )
        for spec in model.phases
    )
    return PhaseModel(model.version, model.title, model.source, phases_)


def test_every_published_version_still_has_its_recorded_content() -> None:
    records = registry.read_published()
    assert [r.version for r in records] == list(MODELS) == list(PUBLISHED)
    for record in records:
        registry.verify(registry.load_model(record.module), record)
        assert registry.fingerprint(get_model(record.version)) == record.fingerprint
    assert len(records[0].fingerprint) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"text": Text("Kritisk massa", "Critical mass in terms of the number of companies")},
        {"text": Text("Kritisk massa vad gäller antal företag", "Critical mass")},
        {"required": False},
        {"evidence": phases.Evidence.LINK},
    ],
)
def test_any_content_change_to_a_published_version_is_refused(change: ItemChanges) -> None:
    edited = _with_item(V1, REWORDED, **change)
    assert registry.fingerprint(edited) != registry.fingerprint(V1)
    with pytest.raises(registry.PublishedModelChanged):
        registry.verify(edited, PUBLISHED[V1.version])
    with pytest.raises(registry.PublishedModelChanged):
        phases.register(edited, PUBLISHED[V1.version])


def test_publishing_records_a_new_version_once(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    model = derived_model()
    record = registry.publish(model, module="app.phases.v2", on=date(2026, 12, 1), path=path)
    assert record.fingerprint == registry.fingerprint(model) != PUBLISHED[V1.version].fingerprint
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert list(saved) == [*PUBLISHED, DERIVED_VERSION]  # appended, in publishing order
    assert saved[DERIVED_VERSION] == {
        "fingerprint": record.fingerprint,
        "published": "2026-12-01",
        "module": "app.phases.v2",
    }
    with pytest.raises(registry.PublishError, match="already published"):
        registry.publish(model, module="app.phases.v2", on=date(2026, 12, 2), path=path)
    reworded = _with_item(model, ADDED, text=Text("Mandat", "Mandate"))
    with pytest.raises(registry.PublishedModelChanged):
        registry.publish(reworded, module="app.phases.v2", on=date(2026, 12, 2), path=path)
    assert json.loads(path.read_text(encoding="utf-8")) == saved


def test_a_version_with_the_same_items_is_not_published(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    same = derive(V1, "klusterutveckling/test-same")
    with pytest.raises(registry.PublishError, match="same items"):
        registry.publish(same, module="x", on=date(2026, 12, 1), path=path)


def test_derive_refuses_unknown_items() -> None:
    with pytest.raises(ValueError, match="no such items"):
        derive(V1, "x", remove=["starting_point.results.nothing"])
    stray = dataclasses.replace(
        V1.items[0], key="starting_point.events.new", category=phases.Category.EVENTS
    )
    with pytest.raises(ValueError, match="no checklist"):
        derive(V1, "x", add=[stray])  # the starting point has no events checklist


def test_derived_version_changes_only_what_it_says() -> None:
    model = derived_model()
    assert model.item(REMOVED) is None and model.item(ADDED) is not None
    assert len(model.items) == len(V1.items)
    assert V1.item(REWORDED) != model.item(REWORDED)
    assert get_model(CURRENT_VERSION) is V1  # the base is untouched


def test_the_cli_publishes_a_version_package_and_lists_published_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KLUSTERFAS_SECRET_KEY", "test")
    monkeypatch.setenv("KLUSTERFAS_AUDIT_KEY", "test")
    path = _copy(tmp_path)
    package = tmp_path / "kf_v2_test"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from tests.conftest import derived_model\nMODEL = derived_model()\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    args = ["model", "publish", "kf_v2_test", "--date", "2026-12-01", "--registry", str(path)]
    assert cli.main(args) == 0
    assert DERIVED_VERSION in capsys.readouterr().out
    assert cli.main(args) == 1  # a second time: already published
    assert "already published" in capsys.readouterr().err

    assert cli.main(["model", "list", "--registry", str(path)]) == 0
    listed = capsys.readouterr().out
    assert V1.version in listed and DERIVED_VERSION in listed
    assert listed.count(" ok") == len(PUBLISHED) + 1

    tampered = json.loads(path.read_text(encoding="utf-8"))
    tampered[V1.version]["fingerprint"] = "0" * 64
    path.write_text(json.dumps(tampered), encoding="utf-8")
    assert cli.main(["model", "list", "--registry", str(path)]) == 1
    assert "must not change" in capsys.readouterr().err
    assert DERIVED_VERSION not in MODELS  # publishing records; loading registers


def test_the_derived_fixture_registers_and_unregisters(derived: PhaseModel) -> None:
    assert phases.latest_version() == DERIVED_VERSION
    assert phases.is_newer(DERIVED_VERSION, V1.version)
    assert not phases.is_newer(V1.version, DERIVED_VERSION)
