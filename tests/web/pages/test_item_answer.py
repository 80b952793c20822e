"""The answer to a save of an item through its page (app/web/pages/items.py): after a plain
save, only what it changed (the item's line, who changed it when, its stored status);
the whole item, form and all, whenever the form on the page might not say the rest."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, login

REQUIRED = [i.key for i in get_model().required_items(Phase.STARTING_POINT)]
SLIM = {"HX-Request": "true", "X-Item-Answer": "slim"}  # as app.js posts the item's form
REASON = "Gäller inte oss."


def _save(
    client: TestClient, csrf: str, initiative: Initiative, key: str, form: dict[str, str],
    headers: dict[str, str] = SLIM,
) -> tuple[int, str]:  # fmt: skip
    response = client.post(
        f"/initiatives/{initiative.id}/items/{key}",
        data=form,
        headers={**headers, "X-CSRF-Token": csrf},
    )
    return response.status_code, response.text


def _is_slim(html: str) -> bool:
    slim = 'class="item-slim"' in html
    assert slim is ('class="item-form"' not in html), html  # one or the other, never both
    return slim


def test_a_plain_save_is_answered_with_what_it_changed(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    code, html = _save(
        client, csrf, initiative, REQUIRED[0], {"status": "not_applicable", "justification": REASON}
    )
    assert code == 200 and _is_slim(html)
    assert 'data-status="not_applicable"' in html and "item-not_applicable" in html
    assert "Ändrad av Lars Ledare" in html  # who changed it, when
    assert 'id="progress-starting_point"' in html and 'id="gate-panel"' in html  # required
    # A script that does not say it takes such an answer (one cached from before) gets
    # the whole item, as before.
    reopen = {"status": "open", "justification": ""}
    code, html = _save(client, csrf, initiative, REQUIRED[0], reopen, {"HX-Request": "true"})
    assert code == 200 and not _is_slim(html)


def test_the_whole_item_when_the_form_on_the_page_may_not_say_it_all(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    first, second, third, *_ = REQUIRED
    # Refused: the error and the input, in the form.
    code, html = _save(client, csrf, initiative, first, {"status": "not_applicable"})
    assert code == 422 and not _is_slim(html) and 'role="alert"' in html
    # Stored other than sent (the justification trimmed): the form shows what is stored.
    code, html = _save(
        client, csrf, initiative, first, {"status": "not_applicable", "justification": " Nej "}
    )
    assert code == 200 and not _is_slim(html) and ">Nej</textarea>" in html
    # A piece of evidence added with the tick: the form's list shows it, its draft empty.
    note = {"status": "done", "kind": "note", "evidence_note": "Protokoll", "add": "1"}
    code, html = _save(client, csrf, initiative, second, note)
    assert code == 200 and not _is_slim(html) and "Protokoll" in html
    # A tick that a re-entry put in question, confirmed by the save: its notice goes.
    for key in REQUIRED:
        initiative_items.update_item(
            session, actor=people.leader, initiative_id=initiative.id, key=key,
            update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification=REASON),
        )  # fmt: skip
    for trigger, reason in ((Trigger.ADVANCE, None), (Trigger.STEP_BACK, "Omtag")):
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=trigger,
            reason=reason,
        )  # fmt: skip
    notice = f'id="item-{third.replace(".", "-")}-notice"'
    opened = client.get(f"/initiatives/{initiative.id}/items/{third}", headers=SLIM)
    assert notice in opened.text
    confirm = {"status": "not_applicable", "justification": REASON, "confirm": "1"}
    code, html = _save(client, csrf, initiative, third, confirm)
    assert code == 200 and not _is_slim(html) and notice not in html
    code, html = _save(client, csrf, initiative, third, {"status": "open", "justification": ""})
    assert code == 200 and _is_slim(html)  # confirmed now: a plain save again
