"""The confirm step of what cannot be undone (a decision, a move, a withdrawn piece of
evidence, a funder or member removed), for browsers without JavaScript: such a form posts
here first; this page says what will happen and posts the same fields on to the form's
own address. With JavaScript, app.js fetches the same words and asks in a <dialog>,
then posts straight on."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import errors
from app.domain.gates import next_phase, previous_phase
from app.phases import Phase
from app.web.deps import PageUser
from app.web.forms import FormFields
from app.web.templating import render

router = APIRouter(include_in_schema=False)

_TRANSITION = re.compile(r"/initiatives/(\d+)/transitions")
# Each step, the only addresses it may post on to, and the page a cancel goes back to.
STEPS: dict[str, tuple[re.Pattern[str], str]] = {
    "advance": (_TRANSITION, "/initiatives/{}"),
    "step_back": (_TRANSITION, "/initiatives/{}"),
    "close": (_TRANSITION, "/initiatives/{}"),
    "decide": (re.compile(r"/gate-reviews/(\d+)/decision"), "/gate-reviews/{}"),
    "withdraw_evidence": (
        re.compile(r"/initiatives/(\d+)/evidence/\d+/withdraw"),
        "/initiatives/{}",
    ),
    "remove_funder": (
        re.compile(r"/initiatives/(\d+)/access/funders/\d+/remove"),
        "/initiatives/{}/access",
    ),
    "remove_member": (re.compile(r"/initiatives/(\d+)/members/\d+/remove"), "/initiatives/{}"),
}
NOT_FORWARDED = frozenset({"csrf_token", "step", "target"})


def _phase(value: str | None) -> Phase | None:
    try:
        return Phase(value) if value else None
    except ValueError:
        return None


@router.post("/confirm", response_class=HTMLResponse)
def confirm(request: Request, user: PageUser, fields: FormFields) -> HTMLResponse:
    step, target = fields.get("step", ""), fields.get("target", "")
    pattern, back = STEPS.get(step, (None, ""))
    found = pattern.fullmatch(target) if pattern is not None else None
    if found is None:
        raise errors.NotFound("Nothing to confirm.")
    # The phase the form was shown in names the move; the handler checks it again.
    phase = _phase(fields.get("expected_phase") or fields.get("review_phase"))
    context = {
        "step": step,
        "target": target,
        "back": back.format(found.group(1)),
        "forwarded": [(k, v) for k, v in fields.items() if k not in NOT_FORWARDED],
        "choice": fields.get("outcome", ""),
        "phase": phase.value if phase else None,
        "next": (next_phase(phase) or phase).value if phase else None,
        "previous": (previous_phase(phase) or phase).value if phase else None,
    }
    # app.js asks for the words alone (the dialog block) to show them in a <dialog>.
    return render(request, "initiatives/confirm.html", context, block="dialog")
