"""How much the state machine costs a page view.

The initiative list and page ask the machine which triggers an initiative
offers, and a transition fires one. Klusterfas keeps ONE static machine and
never attaches initiatives to it. The reference, measured in the same run, is
the textbook alternative: one `transitions.Machine` built per initiative.

    .venv/bin/python bench/machine.py [--rows 500] [--repeat 7]

Prints medians and the ratio reference / ours (higher is better for ours).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from transitions import Machine

from app.domain.gates import Gate
from app.domain.workflow import (
    MACHINE,
    Subject,
    Trigger,
    available_triggers,
    fire,
    transition_table,
)
from app.phases import PHASE_ORDER, Phase

OPEN = Gate("advance", True, (), "")


def ours_page(rows: int) -> None:
    for index in range(rows):
        available_triggers(PHASE_ORDER[index % len(PHASE_ORDER)])


def per_row_machine(subject: Subject) -> Machine:
    """The pattern the transitions FAQ warns about: one machine per initiative."""
    return Machine(
        model=subject,
        states=[p.value for p in Phase],
        transitions=transition_table(),
        initial=subject.phase,
        auto_transitions=False,
        send_event=True,
        model_attribute="phase",
    )


def reference_page(rows: int) -> None:
    for index in range(rows):
        subject = Subject(phase=PHASE_ORDER[index % len(PHASE_ORDER)].value)  # type: ignore[arg-type]
        per_row_machine(subject).get_triggers(subject.phase)


def ours_fire(rows: int) -> None:
    for _ in range(rows):
        fire(Trigger.ADVANCE, Subject(phase=Phase.PILOT, gate=OPEN))


def reference_fire(rows: int) -> None:
    for _ in range(rows):
        subject = Subject(phase=Phase.PILOT.value, gate=OPEN)  # type: ignore[arg-type]
        per_row_machine(subject)
        subject.trigger("advance")  # type: ignore[attr-defined]


def median_seconds(run: Callable[[int], None], rows: int, repeat: int) -> float:
    run(rows)  # warm-up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(rows)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"rows per page: {args.rows}, repeats: {args.repeat} (medians)")
    print(f"{'case':34} {'reference':>12} {'klusterfas':>12} {'ratio':>8}")
    for name, reference, ours in (
        ("list page: triggers per row", reference_page, ours_page),
        ("transitions: fire advance", reference_fire, ours_fire),
    ):
        ref = median_seconds(reference, args.rows, args.repeat)
        own = median_seconds(ours, args.rows, args.repeat)
        print(f"{name:34} {ref * 1e3:10.2f}ms {own * 1e3:10.2f}ms {ref / own:7.1f}x")
    print(f"models attached to the shared machine afterwards: {len(MACHINE.models)}")


if __name__ == "__main__":
    main()
