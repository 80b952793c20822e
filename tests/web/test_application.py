"""The served app's start-up is set aside from the collector (app.web.application)."""

from __future__ import annotations

import gc

from app.web.application import set_aside_start_up


def test_what_lives_at_start_up_is_frozen_out_of_the_collectors_way() -> None:
    try:
        gc.unfreeze()
        kept = [["a route", "a template"]]  # tracked: the collector would walk it
        assert any(o is kept for o in gc.get_objects())
        set_aside_start_up()
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # frozen: no longer walked
    finally:
        gc.unfreeze()
