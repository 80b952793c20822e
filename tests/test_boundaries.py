"""Import contracts: the domain core stays pure, and only the web layer knows the web."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tests.conftest import REPO_ROOT

APP = REPO_ROOT / "app"
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette")


def _module(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _path(module: str) -> Path | None:
    base = REPO_ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


@cache
def _imports(path: Path) -> tuple[str, ...]:
    """Every module `path` imports, at any depth of its code (a function's own imports too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            # `from app import x` imports the module app.x
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return tuple(found)


def _reachable(path: Path) -> Iterator[tuple[str, str]]:
    """(importer, imported) for every import reachable from `path` through app modules."""
    seen: set[Path] = set()
    todo = [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in _imports(current):
            yield _module(current), name
            if name.startswith("app."):
                target = _path(name)
                if target is not None:
                    todo.append(target)


def _core() -> list[Path]:
    return sorted(
        {*(APP / "phases").rglob("*.py"), *(APP / "domain").rglob("*.py"), *APP.rglob("rules.py")}
    )


def test_the_core_is_found() -> None:
    names = {_module(p) for p in _core()}
    assert {"app.domain.gates", "app.phases.registry", "app.actors.rules"} <= names


def test_the_domain_core_imports_no_framework_even_indirectly() -> None:
    offenders = sorted(
        {
            f"{_module(path)}: {importer} imports {name}"
            for path in _core()
            for importer, name in _reachable(path)
            if name.split(".")[0] in FRAMEWORKS
        }
    )
    assert offenders == []


def test_nothing_outside_the_web_layer_imports_it() -> None:
    offenders = [
        f"{_module(path)} imports {name}"
        for path in sorted(APP.rglob("*.py"))
        if not path.is_relative_to(APP / "web")
        for name in _imports(path)
        if name == "app.web" or name.startswith("app.web.")
    ]
    assert offenders == []


def test_the_web_layer_builds_no_queries() -> None:
    offenders = [
        f"{_module(path)}:{node.lineno}"
        for path in sorted((APP / "web").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("sqlalchemy")
        and any(alias.name == "select" for alias in node.names)
    ]
    assert offenders == []


def test_the_contract_check_sees_a_violation(tmp_path: Path) -> None:
    # The checks above would pass vacuously if the import reader found nothing.
    probe = tmp_path / "probe.py"
    probe.write_text("from sqlalchemy import select\nfrom app import web\n", encoding="utf-8")
    assert {"sqlalchemy", "app.web"} <= set(_imports(probe))
