from __future__ import annotations

import pytest

from app.formulas import as_text


@pytest.mark.parametrize("cell", ["=1+1", "+46 70", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_stay_text(cell: str) -> None:
    assert as_text(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Väveriet AB", "", "1=1", "a-b"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert as_text(cell) == cell
