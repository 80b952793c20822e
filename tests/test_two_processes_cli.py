"""Two application processes on one PostgreSQL database, as behind a load balancer:
`klusterfas serve --workers 2` and `klusterfas serve`, sharing the database, the keys
and the evidence directory (KLUSTERFAS_DATA_DIR on a shared file system).

Shows: 20 concurrent advances spread over both move the initiative exactly one phase;
login failures counted by one are refused by the other; a session cookie from one
works on the other; a document uploaded to one downloads from the other; the metrics
of one process's two workers add up; every request is a JSON log line.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import migrate
from app.accounts import services as accounts
from app.db import make_engine, make_sessionmaker
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, Transition
from app.phases import Phase, get_model
from tests.conftest import AUDIT_KEY, PASSWORD, csrf_of, empty_database, make_user
from tests.domain.test_evidence_rules import PDF

METRICS_TOKEN = "two-processes-metrics"
RACERS = 20
MODEL = get_model()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Node:
    url: str
    process: subprocess.Popen[str]
    log: Path

    def log_lines(self) -> list[dict[str, object]]:
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


@dataclass
class Cluster:
    nodes: list[Node]
    url: str  # the database's
    initiative_id: int
    support_token: str
    admin_token: str
    support_email: str


def _serve(folder: Path, database_url: str, data_dir: Path, workers: int, name: str) -> Node:
    port = _free_port()
    script = shutil.which("klusterfas", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "app.cli"]
    env = {
        **os.environ,
        "KLUSTERFAS_DATABASE_URL": database_url,
        "KLUSTERFAS_SECRET_KEY": "one-secret-for-every-node",
        "KLUSTERFAS_AUDIT_KEY": AUDIT_KEY,
        "KLUSTERFAS_DATA_DIR": str(data_dir),
        "KLUSTERFAS_METRICS_TOKEN": METRICS_TOKEN,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = folder / f"{name}.log"
    process = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
    )
    return Node(f"http://127.0.0.1:{port}", process, log)


def _wait_until_up(node: Node, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert node.process.poll() is None, node.log.read_text()
        try:
            if httpx.get(f"{node.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{node.url} did not start:\n{node.log.read_text()}")


def _seed(url: str) -> tuple[int, str, str, str]:
    """A support officer, an admin and an initiative whose first two gates are open."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            support = make_user(session, "stod@example.se", Role.SUPPORT)
            admin = make_user(session, "admin@example.se", Role.ADMIN)
            initiative = initiatives.create_initiative(
                session, actor=support, name="Tvånoden", region="Jämtland"
            )
            for phase in (Phase.STARTING_POINT, Phase.INITIATION):
                for item in MODEL.required_items(phase):
                    state = initiative_queries.get_item_state(
                        session, initiative_id=initiative.id, key=item.key
                    )
                    assert state is not None
                    state.status, state.note = ItemStatus.DONE, "ok"
            session.commit()
            support_token = accounts.create_token(session, email=support.email)
            admin_token = accounts.create_token(session, email=admin.email)
            return initiative.id, support_token, admin_token, support.email
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with empty_database("postgresql", tmp_path_factory) as url:
        migrate.upgrade(url)
        ids = _seed(url)
        folder = tmp_path_factory.mktemp("nodes")
        shared = folder / "shared-data"
        nodes = [
            _serve(folder, url, shared, workers=2, name="a"),
            _serve(folder, url, shared, workers=1, name="b"),
        ]
        try:
            for node in nodes:
                _wait_until_up(node)
            yield Cluster(nodes, url, *ids)
        finally:
            for node in nodes:
                node.process.send_signal(signal.SIGTERM)
            for node in nodes:
                try:
                    node.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait(timeout=10)


def test_twenty_concurrent_advances_over_both_move_one_phase(cluster: Cluster) -> None:
    path = f"/api/initiatives/{cluster.initiative_id}/transitions"
    body = {"trigger": "advance", "expected_phase": "starting_point"}
    start = threading.Barrier(RACERS)
    codes: list[int] = [0] * RACERS

    def send(index: int) -> None:
        node = cluster.nodes[index % 2]
        headers = {"Authorization": f"Bearer {cluster.support_token}"}
        with httpx.Client(base_url=node.url, headers=headers, timeout=60) as client:
            client.get("/healthz")  # connected before the start
            start.wait(timeout=30)
            codes[index] = client.post(path, json=body).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(f"\n{RACERS} advances over two processes: {sorted(codes)}")
    assert sorted(codes) == [200] + [409] * (RACERS - 1)
    engine = make_engine(cluster.url)
    try:
        with Session(engine) as session:
            phase = session.scalar(
                select(Initiative.phase).where(Initiative.id == cluster.initiative_id)
            )
            moves = session.scalar(
                select(func.count()).where(Transition.initiative_id == cluster.initiative_id)
            )
    finally:
        engine.dispose()
    assert (phase, moves) == (Phase.INITIATION, 1)


def _log_in(node: Node, email: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=node.url, timeout=30) as client:
        page = client.get("/login")
        return client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
        )


def test_a_session_from_one_process_works_on_the_other(cluster: Cluster) -> None:
    a, b = cluster.nodes
    logged_in = _log_in(a, cluster.support_email, PASSWORD)
    assert logged_in.status_code == 303, logged_in.text
    cookie = logged_in.cookies["klusterfas_session"]
    with httpx.Client(base_url=b.url, cookies={"klusterfas_session": cookie}) as client:
        page = client.get(f"/initiatives/{cluster.initiative_id}")
        assert page.status_code == 200 and "Tvånoden" in page.text


def test_a_document_uploaded_to_one_downloads_from_the_other(cluster: Cluster) -> None:
    a, b = cluster.nodes
    headers = {"Authorization": f"Bearer {cluster.admin_token}"}
    key = next(i.key for i in MODEL.required_items(Phase.INITIATION))
    upload = httpx.post(
        f"{a.url}/api/initiatives/{cluster.initiative_id}/items/{key}/evidence",
        files={"file": ("avtal.pdf", PDF, "application/pdf")},
        headers=headers,
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    download = httpx.get(f"{b.url}{upload.json()['download']}", headers=headers, timeout=30)
    assert download.status_code == 200 and download.content == PDF


def test_the_workers_of_one_process_add_up_their_metrics(cluster: Cluster) -> None:
    a = cluster.nodes[0]
    for _ in range(12):
        assert httpx.get(f"{a.url}/healthz", timeout=10).status_code == 200
    wanted = 'klusterfas_http_requests_total{method="GET",route="/healthz",status="200"}'
    headers = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    seen = set()
    for _ in range(4):  # whichever worker answers, it reports both workers' requests
        text = httpx.get(f"{a.url}/metrics", headers=headers, timeout=10).text
        [line] = [line for line in text.splitlines() if line.startswith(wanted)]
        seen.add(float(line.rsplit(" ", 1)[1]))
    assert len(seen) == 1 and seen.pop() >= 12
    assert httpx.get(f"{a.url}/metrics", timeout=10).status_code == 401


def test_every_request_is_a_json_log_line_with_its_id(cluster: Cluster) -> None:
    a = cluster.nodes[0]
    response = httpx.get(f"{a.url}/healthz", headers={"X-Request-ID": "lb-4711"}, timeout=10)
    assert response.headers["X-Request-ID"] == "lb-4711"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(line.get("request_id") == "lb-4711" for line in a.log_lines()):
            break
        time.sleep(0.2)
    [line] = [line for line in a.log_lines() if line.get("request_id") == "lb-4711"]
    assert line["route"] == "/healthz" and line["status"] == 200 and line["method"] == "GET"


def test_login_failures_on_one_process_are_refused_by_the_other(cluster: Cluster) -> None:
    """Throttling counts in the database: the failures one process saw, the other sees."""
    a, b = cluster.nodes
    statuses = []
    for _ in range(30):  # until the first process refuses (the limit is well below 30)
        statuses.append(_log_in(a, cluster.support_email, "not the password").status_code)
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429 and set(statuses[:-1]) == {401}, statuses
    # The other process has not seen a single one of these attempts itself.
    refused = _log_in(b, cluster.support_email, PASSWORD)
    assert refused.status_code == 429, refused.status_code
