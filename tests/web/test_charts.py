"""The chart geometry: where the radar's corners and the line's points land."""

from __future__ import annotations

from datetime import date

from app.web.charts import line, radar, wrap


def test_a_radar_puts_the_first_axis_on_top_and_scales_by_the_maximum() -> None:
    chart = radar(["A", "B", "C", "D"], [[4, 2, None, 0]], radius=100, width=400, height=300)
    assert (chart.cx, chart.cy) == (200, 150)
    assert chart.series[0].points == "200.0,50.0 250.0,150.0 200.0,150.0 200.0,150.0"
    assert [no_info for _, _, no_info in chart.series[0].markers] == [False, False, True, False]
    assert len(chart.rings) == 4 and chart.labels[1].anchor == "start"
    assert chart.labels[3].anchor == "end" and chart.labels[0].anchor == "middle"


def test_long_labels_wrap_onto_two_lines() -> None:
    assert wrap("Export") == ("Export",)
    assert wrap("Informationsutbyte, gemensamma evenemang") == (
        "Informationsutbyte,",
        "gemensamma evenemang",
    )


def test_a_step_line_holds_each_count_until_the_next_date() -> None:
    chart = line(
        [(date(2024, 1, 1), 0), (date(2024, 1, 11), 2), (date(2024, 1, 21), 1)],
        low=0,
        high=2,
        step=True,
        width=140,
        height=130,
    )
    # x from 40 to 120 over 20 days; y from 100 (0) to 15 (2).
    assert chart.points == "40.0,100.0 80.0,100.0 80.0,15.0 120.0,15.0 120.0,57.5 120.0,57.5"
    assert [text for _, text, _ in chart.x_ticks] == ["2024-01-01", "2024-01-21"]
