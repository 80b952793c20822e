"""The chart geometry: radar corners, line points, bars, box plots and heat-map cells."""

from __future__ import annotations

from datetime import date

import pytest

from app.reports.charts import PALETTE, bars, boxes, heat_map, line, radar, wrap


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


def test_an_empty_radar_and_an_empty_line_draw_nothing() -> None:
    chart = radar(["A", "B", "C"], [])
    assert chart.series == () and len(chart.spokes) == 3
    empty = line([], low=0, high=4)
    assert empty.points == "" and empty.dots == () and empty.x_ticks == ()
    assert [value for _, value in empty.y_ticks] == [0, 1, 2, 3, 4]


def test_a_radar_polygon_has_one_corner_per_axis_at_its_score() -> None:
    chart = radar(["A", "B", "C", "D"], [[2, 2, 2, 2], [1, None, 1, 1]], radius=80)
    assert len(chart.series) == 2
    assert chart.series[0].points == "260.0,110.0 300.0,150.0 260.0,190.0 220.0,150.0"
    assert chart.rings[-1] == "260.0,70.0 340.0,150.0 260.0,230.0 180.0,150.0"
    assert chart.series[1].markers[1] == (260.0, 150.0, True)  # no information: the centre


def test_a_line_on_a_single_day_sits_in_the_middle() -> None:
    chart = line([(date(2024, 5, 1), 4)], low=1, high=7, width=200)
    # y from 170 (level 1) up to 15 (level 7): level 4 is half-way.
    assert chart.dots == ((110.0, 92.5, "2024-05-01", 4),)
    assert chart.x_ticks == ((110.0, "2024-05-01", "middle"),)
    assert chart.right == 180.0


def test_bars_scale_to_the_largest_value_with_one_group_per_row() -> None:
    chart = bars([("Pilot", [4, 2]), ("Initiation", [0, 1])], ["Now", "Entered"], width=640)
    # 640 - 190 (labels) - 50 (room for the values) = 400 pixels for the peak of 4.
    assert (chart.width, chart.height) == (640, 24 + 2 * 46 + 6)
    widths = [rect.width for rect, _ in chart.bars]
    assert widths == [400.0, 200.0, 0, 100.0]
    first, second = chart.bars[0][0], chart.bars[1][0]
    assert (first.x, first.y, second.y) == (190, 28, 44)
    assert [rect.fill for rect, _ in chart.bars] == [PALETTE[0], PALETTE[1]] * 2
    assert [label.text for _, label in chart.bars] == ["4", "2", "0", "1"]
    assert chart.bars[0][1].x == 190 + 400 + 4  # the value beside its bar
    assert [label.text for _, label in chart.keys] == ["Now", "Entered"]
    assert chart.summary == "Pilot: Now 4, Entered 2; Initiation: Now 0, Entered 1"


def test_a_bar_of_one_series_has_no_legend_and_a_small_value_still_shows() -> None:
    chart = bars([("A", [1000]), ("B", [1])], ["Items"])
    assert chart.keys == ()
    assert chart.bars[1][0].width == 1  # at least a pixel, so it is seen
    assert chart.labels[0].anchor == "end" and chart.labels[0].x == 182


def test_long_row_labels_are_shortened_but_the_summary_keeps_them() -> None:
    name = "A very long initiative name indeed"
    chart = bars([(name, [3])], ["Items"])
    assert chart.labels[0].text == "A very long initiative …"
    assert chart.summary == f"{name}: Items 3"


def test_empty_charts_keep_one_row_of_height_and_say_so() -> None:
    assert bars([], ["Items"]).height == 6 + 30 + 6
    assert bars([], ["Items"]).summary == "–"
    assert boxes([], "days").boxes == ()
    assert heat_map([], ["A"]).cells == ()


def test_a_box_plot_places_the_five_figures_along_the_row() -> None:
    chart = boxes([("Pilot", (0.0, 10.0, 20.0, 30.0, 42.0)), ("Closed", None)], "days")
    # 640 - 190 - 30 = 420 pixels for the longest stay of 42 days.
    (box,) = chart.boxes
    assert (box.low, box.q1, box.median, box.q3, box.high) == (190, 290, 390, 490, 610)
    assert (box.top, box.bottom, box.middle, box.box_width) == (12, 30, 21, 200)
    texts = [label.text for label in chart.labels]
    assert texts == ["Pilot", "Closed", "–", "0 days", "42 days"]
    assert chart.summary == "Pilot: days 0.0 / 10.0 / 20.0 / 30.0 / 42.0; Closed: –"


@pytest.mark.parametrize(("share", "fill", "ink"), [
    (None, "#f3f4f6", "#1f2937"),
    (0.0, "hsl(174, 70%, 95%)", "#1f2937"),
    (1.0, "hsl(174, 70%, 35%)", "#ffffff"),
])  # fmt: skip
def test_a_heat_map_cell_darkens_with_its_share(share: float | None, fill: str, ink: str) -> None:
    chart = heat_map([("Textilnoden", [share])], ["Events"], width=420)
    ((cell, text),) = chart.cells
    assert (cell.x, cell.y, cell.width, cell.height) == (220, 22, 198, 18)
    assert (cell.fill, text.fill) == (fill, ink)
    assert text.x == 320 and text.anchor == "middle"


def test_a_heat_map_has_a_head_per_column_and_its_figures_as_text() -> None:
    chart = heat_map([("Rymd", [0.5, None])], ["Events", "Results"], width=620)
    heads = [label for label in chart.labels if label.y == 15]
    assert [(h.x, h.text) for h in heads] == [(320, "Events"), (520, "Results")]
    assert chart.summary == "Rymd: Events 50%, Results –"
