"""Schemathesis over the whole OpenAPI description, as an admin, on both databases:
no request, valid or not, may get a 5xx.

A fixed seed (derandomize) and a bounded number of examples per operation and mode, so
a run is the same every time and stays under about a minute per database. Half of the
generated initiative ids and item keys are pointed at a real initiative and item, so
the requests reach the use-cases and not only the 404 of an unknown id. Every 5xx is
collected (operation, mode, status, the request) and the test fails listing them all.
Then every operation also gets the edge values where 5xx were found before (ids out of
the databases' range, a lone surrogate, 1e309, NUL), derived from the OpenAPI itself.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import Phase as HypothesisPhase
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode

from app import migrate
from app.accounts import services as accounts
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.phases import Phase, get_model
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, empty_database, make_user

EXAMPLES = 6  # per operation and generation mode
KEYS = [item.key for item in get_model().items if item.phase is Phase.STARTING_POINT]


@dataclass(frozen=True)
class ServerError:
    operation: str
    mode: str
    status: int
    request: str
    answer: str


def _aim(case: Case[Any], initiative_id: int) -> None:
    """Point half of the generated ids and keys at things that exist (deterministically,
    from the generated value itself, so the run stays reproducible)."""
    path = case.path_parameters or {}
    value = path.get("initiative_id")
    if isinstance(value, int) and value % 2 == 0:
        path["initiative_id"] = initiative_id
    key = path.get("key")
    if isinstance(key, str) and len(key) % 2 == 0:
        path["key"] = KEYS[len(key) % len(KEYS)]


def _request_of(case: Case[Any]) -> str:
    return (
        f"{case.method} {case.formatted_path} query={case.query!r} "
        f"body={case.body if not isinstance(case.body, bytes) else case.body[:80]!r}"
    )[:400]


@dataclass
class Run:
    headers: dict[str, str]
    initiative_id: int
    requests: int = 0
    errors: list[ServerError] = field(default_factory=list)


def _fuzz(run: Run, operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,  # the fixed seed
        database=None,
        deadline=None,
        phases=[HypothesisPhase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case: Case[Any]) -> None:
        _aim(case, run.initiative_id)
        run.requests += 1
        try:
            response = case.call(headers=run.headers)
            status, answer = response.status_code, response.text[:200]
        except Exception as error:  # escaped the application: the client gets a 500
            status, answer = 500, repr(error)[:200]
        if status >= 500:
            found = ServerError(operation.label, mode.value, status, _request_of(case), answer)
            run.errors.append(found)

    with contextlib.suppress(Unsatisfiable):  # nothing invalid to send (no parameters)
        send()


# The edges where the issue found 5xx, sent to every operation the OpenAPI describes:
# ids past PostgreSQL's INTEGER and SQLite's INTEGER, and JSON that Python reads but
# cannot write back (a lone surrogate, a number too large for a float).
EDGE_IDS = (2**31, 2**63, -(2**63) - 1)
EDGE_BODIES = ('{"%s": "\\ud800"}', '{"%s": 1e309}', '{"%s": "a\\u0000b"}')


def _edge_requests(spec: dict[str, Any], run: Run) -> Iterator[tuple[str, str, str, str]]:
    """(operation, method, path, JSON body) of each edge case, from the OpenAPI itself."""
    for template, methods in spec["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {template}"
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            fill = {"initiative_id": run.initiative_id, "key": KEYS[0]}
            path = template.format(**{n: fill.get(n, 1) for n in names})
            ids = [n for n in names if n != "key"]
            for edge in EDGE_IDS if ids else ():
                edged = template.format(**{**fill, **dict.fromkeys(ids, edge)})
                yield label, method, edged, "{}"
            if "requestBody" in operation:
                for body in EDGE_BODIES:
                    for name in _body_fields(spec, operation) or ["x"]:
                        yield label, method, path, body % name


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    content = operation["requestBody"].get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def _edges(run: Run, app: FastAPI) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        for label, method, path, body in _edge_requests(app.openapi(), run):
            headers = {**run.headers, "Content-Type": "application/json"}
            response = client.request(method, path, content=body.encode(), headers=headers)
            run.requests += 1
            if response.status_code >= 500:
                request = f"{method.upper()} {path} {body}"
                found = ServerError(label, "edge", response.status_code, request, response.text)
                run.errors.append(found)


@dataclass(frozen=True)
class Target:
    app: FastAPI
    token: str
    initiative_id: int


@pytest.fixture
def target(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[Target]:
    """A fresh, committed database per run (`database_url` names its kind): every request
    gets its own connection and transaction, as in production, so a failed request
    cannot poison the ones after it as it would inside the rollback fixture."""
    with empty_database(database_url, tmp_path_factory) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
        with sessions() as session:
            admin = make_user(session, "admin@example.se", Role.ADMIN)
            support = make_user(session, "support@example.se", Role.SUPPORT)
            make_user(session, "funder@example.se", Role.FUNDER)
            initiative = initiatives.create_initiative(
                session, actor=support, name="Fuzznoden", region="Gotland"
            )
            token = accounts.create_token(session, email=admin.email)
        settings = Settings(
            database_url=url, secret_key="fuzz", secure_cookies=False, session_max_age=60,
            audit_key=AUDIT_KEY, data_dir=tmp_path / "data", upload_max_bytes=200_000,
        )  # fmt: skip
        try:
            yield Target(create_app(settings, sessions=sessions), token, initiative.id)
        finally:
            engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"])
def test_no_request_to_the_api_gets_a_server_error(target: Target) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", target.app)
    run = Run({"Authorization": f"Bearer {target.token}"}, target.initiative_id)
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 30  # the whole API, not a fraction of it
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(run, operation, mode)
    _edges(run, target.app)
    seconds = time.monotonic() - started
    print(f"\nfuzzed {len(operations)} operations: {run.requests} requests in {seconds:.1f} s")
    listing = "\n".join(f"{e.status} {e.operation} ({e.mode}): {e.request}" for e in run.errors)
    assert run.errors == [], f"{len(run.errors)} of {run.requests} requests got 5xx:\n{listing}"
