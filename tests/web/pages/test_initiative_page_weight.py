"""The initiative page stays light: on the demo portfolio, every initiative's page, as each
demo user who works on initiatives sees it, is under 50 KB of HTML and 150 form controls
(bench/page_weight.py prints the figures beside the page's p50)."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.data import DEMO_USERS
from app.demo.services import load_demo
from app.domain.permissions import Role
from app.models.initiatives import Initiative
from app.phases import get_model
from tests.conftest import csrf_of

MAX_BYTES = 50_000
MAX_CONTROLS = 150


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += tag in {"input", "select", "textarea", "button"}


def _controls(html: str) -> int:
    parser = _Controls()
    parser.feed(html)
    return parser.count


def _lines_expected(initiative: Initiative) -> int:
    """The items of the phase the page shows (where a closed initiative stopped)."""
    spec = get_model(initiative.model_version).phase(initiative.closed_from or initiative.phase)
    return sum(len(c.tickable) for c in spec.checklists) if spec else 0


def test_every_demo_initiative_page_is_light(client: TestClient, session: Session) -> None:
    load_demo(session)
    initiatives = {i.id: _lines_expected(i) for i in session.scalars(select(Initiative))}
    weighed: list[tuple[int, int, str]] = []
    for email, _name, role, password in DEMO_USERS:
        if role not in (Role.LEADERSHIP, Role.SUPPORT, Role.ADMIN):
            continue
        client.cookies.clear()
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        for initiative_id, lines in initiatives.items():
            response = client.get(f"/initiatives/{initiative_id}")
            if response.status_code != 200:
                continue
            page = f"{email} /initiatives/{initiative_id}"
            weighed.append((len(response.content), _controls(response.text), page))
            # Light because each item is one line whose form comes when it is opened, not
            # because items are left out: every item of the phase has its line.
            assert response.text.count('class="item-body"') == lines, page
    assert len(weighed) > len(initiatives)  # every initiative, as more than one person
    size, _, page = max(weighed)
    assert size < MAX_BYTES, page
    assert max(controls for _, controls, _ in weighed) < MAX_CONTROLS
