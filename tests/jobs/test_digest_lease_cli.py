"""`klusterfas digest send` started on three nodes at once (three processes, one database,
a real SMTP server): one sends, the others skip; a failed send lets the next one try."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import AUDIT_KEY
from tests.test_cli import _run


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _start(folder: Path, smtp_port: int) -> subprocess.Popen[str]:
    script = shutil.which("klusterfas", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "app.cli"]
    env = {
        **os.environ,
        "KLUSTERFAS_DATABASE_URL": f"sqlite:///{folder / 'cli.db'}",
        "KLUSTERFAS_SECRET_KEY": "k",
        "KLUSTERFAS_AUDIT_KEY": AUDIT_KEY,
        "KLUSTERFAS_SMTP_HOST": "127.0.0.1",
        "KLUSTERFAS_SMTP_PORT": str(smtp_port),
        "KLUSTERFAS_SMTP_STARTTLS": "0",
    }
    return subprocess.Popen(
        [*command, "digest", "send", "--base-url", "https://kf.example.se"],
        env=env,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_nodes_start_the_digest_and_it_is_sent_once(
    tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    assert _run(tmp_path, "demo").returncode == 0
    # A send that fails (nothing listens on that port) gives the lease back at once.
    down = _start(tmp_path, _free_port())
    _out, err = down.communicate(timeout=120)
    assert down.returncode == 1 and "error" in err
    nodes = [_start(tmp_path, port) for _ in range(3)]
    outputs = [node.communicate(timeout=120) for node in nodes]
    assert [node.returncode for node in nodes] == [0, 0, 0], outputs
    sent = [out for out, _ in outputs if "sent to stod@klusterfas.demo" in out]
    skipped = [out for out, _ in outputs if out.startswith("skipped: the digest is being sent")]
    assert len(sent) == 1 and len(skipped) == 2, outputs
    deadline = time.monotonic() + 5
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m["To"] for m in inbox.messages] == ["stod@klusterfas.demo"]
    # Started again within the lease (12 hours by default): nothing is sent twice.
    again = _start(tmp_path, port)
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0 and out.startswith("skipped"), out
    assert len(inbox.messages) == 1
