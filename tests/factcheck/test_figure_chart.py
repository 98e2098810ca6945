"""The timeline of a measure's figures, drawn as SVG: every figure drawn as what it says,
each mark a link, every text escaped."""

import datetime as dt
import xml.etree.ElementTree as ET  # parses the chart's own markup only

from factcheck.figure_chart import ChartMark, figure_timeline_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = dt.date(2026, 3, 2)
THURSDAY = dt.date(2026, 3, 5)


def mark(**fields) -> ChartMark:
    defaults = {
        "series": "interior ministry",
        "reported": MONDAY,
        "value": 40.0,
        "lo": 40.0,
        "hi": 40.0,
        "qualifier": "exact",
        "conflicting": False,
        "href": "/admin/factcheck/claim/1/change/",
        "title": "40 (interior ministry, 2026-03-02)",
    }
    return ChartMark(**{**defaults, **fields})


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (the chart's own markup)


def marks_of(svg: str) -> list[ET.Element]:
    return parsed(svg).findall(f"{SVG}a")


def test_each_figure_is_drawn_as_what_it_states():
    svg = figure_timeline_svg(
        [
            mark(),
            mark(value=1300, lo=1300, hi=None, qualifier="lower", href="/c/2/"),
            mark(value=60, lo=0, hi=60, qualifier="upper", href="/c/3/"),
            mark(value=900, lo=900, hi=1100, qualifier="range", href="/c/4/"),
            mark(value=100, lo=90, hi=110, qualifier="approx", href="/c/5/"),
        ],
        label="people killed",
    )
    shapes = {a.get("href"): a.get("data-shape") for a in marks_of(svg)}
    assert shapes == {
        "/admin/factcheck/claim/1/change/": "point",
        "/c/2/": "lower",
        "/c/3/": "upper",
        "/c/4/": "interval",
        "/c/5/": "point",
    }
    interval = next(a for a in marks_of(svg) if a.get("href") == "/c/4/")
    bar = interval.find(f"{SVG}rect")
    assert float(bar.get("height")) > 10  # from 900 to 1,100, not a dot


def test_bounds_point_towards_the_figures_they_allow():
    svg = figure_timeline_svg(
        [
            mark(),
            mark(value=1300, lo=1300, hi=None, qualifier="lower"),
            mark(value=60, lo=0, hi=60, qualifier="upper"),
        ],
        label="toll",
    )
    lower, upper = (
        next(a for a in marks_of(svg) if a.get("data-shape") == shape)
        for shape in ("lower", "upper")
    )
    _bar, lower_arrow = lower.findall(f"{SVG}line")
    _bar, upper_arrow = upper.findall(f"{SVG}line")
    # SVG's y grows downwards: "at least" points up, "up to" down.
    assert float(lower_arrow.get("y2")) < float(lower_arrow.get("y1"))
    assert float(upper_arrow.get("y2")) > float(upper_arrow.get("y1"))


def test_later_reports_stand_further_right_and_higher_figures_higher():
    svg = figure_timeline_svg(
        [mark(href="/c/1/"), mark(reported=THURSDAY, value=90, lo=90, hi=90, href="/c/2/")],
        label="toll",
    )
    first, later = (a.find(f"{SVG}circle") for a in marks_of(svg))
    assert float(later.get("cx")) > float(first.get("cx"))
    assert float(later.get("cy")) < float(first.get("cy"))  # SVG's y grows downwards


def test_conflicting_figures_are_marked_and_undated_ones_have_their_column():
    svg = figure_timeline_svg(
        [mark(conflicting=True, href="/c/1/"), mark(reported=None, href="/c/2/")], label="toll"
    )
    flagged, undated = marks_of(svg)
    assert flagged.get("data-conflicting") == "1"
    assert undated.get("data-conflicting") is None
    assert "date unknown" in svg


def test_one_colour_per_source_in_the_legend():
    svg = figure_timeline_svg(
        [mark(), mark(series="Red Crescent", value=95, lo=95, hi=95)], label="toll"
    )
    root = parsed(svg)
    colours = [a.find(f"{SVG}circle").get("fill") for a in root.findall(f"{SVG}a")]
    assert len(set(colours)) == 2
    legend = [text.text for text in root.findall(f"{SVG}text")]
    assert {"interior ministry", "Red Crescent"} <= set(legend)


def test_text_and_links_are_escaped():
    svg = figure_timeline_svg(
        [mark(series="<script>x</script>", title='"><b>', href='/c/1/"onclick="x')],
        label="a & b",
    )
    for unescaped in ("<script>", "<b>", '"onclick'):
        assert unescaped not in svg
    assert parsed(svg).find(f"{SVG}title").text == "a & b"


def test_nice_ticks_cover_the_top_with_round_steps():
    assert nice_ticks(1300 * 1.15) == [0, 500, 1000, 1500]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(7)[-1] >= 7


def test_a_source_keeps_its_colour_across_the_charts_of_a_story():
    order = ["Red Crescent", "interior ministry"]
    alone = figure_timeline_svg([mark()], label="wounded", series_order=order)
    both = figure_timeline_svg(
        [mark(), mark(series="Red Crescent", href="/c/2/")], label="killed", series_order=order
    )

    def colour_of(svg, href):
        (found,) = [a for a in marks_of(svg) if a.get("href") == href]
        return found.find(f"{SVG}circle").get("fill")

    ministry = "/admin/factcheck/claim/1/change/"
    assert colour_of(alone, ministry) == colour_of(both, ministry)
    assert colour_of(both, "/c/2/") != colour_of(both, ministry)
