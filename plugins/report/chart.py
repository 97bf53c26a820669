"""A bar chart of items per month as inline SVG, drawn at build time with ElementTree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from ..site.words import Message, message, plural_message

MONTH_NAMES = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def chart_description(months: Sequence[str], counts: Sequence[int]) -> Message:
    """'3 items in 24 months; busiest month Jan 2015 with 2.': the chart in words."""
    # TRANSLATORS: posts, reports, events and pages, counted in a chart's description
    items = plural_message("{n} item", "{n} items", sum(counts))
    span = plural_message("{n} month", "{n} months", len(months))
    if not sum(counts):
        return message("{items} in {months}.", items=items, months=span)
    busiest = max(range(len(counts)), key=lambda i: counts[i])
    # TRANSLATORS: a bar chart read aloud: '3 items in 24 months; busiest month
    # Jan 2015 with 2'
    return message(
        "{items} in {months}; busiest month {month} with {count}.",
        items=items,
        months=span,
        month=month_label(months[busiest]),
        count=counts[busiest],
    )


def bar_chart(
    months: Sequence[str],
    counts: Sequence[int],
    title: str,
    chart_id: str,
    say: Callable[[Message], str] = str,
) -> str:
    """An accessible SVG: role=img with a title and description, one titled bar per month.

    Drawn on a 320-unit canvas with 13-unit labels, so that the labels stay
    at least 12 px high on a 320 px phone (the stylesheet caps the width).
    ``say`` writes the description in the page's language (``str``: English).
    """
    width, height, top, bottom, left = 320, 130, 14, 22, 30
    plot = height - top - bottom
    peak = max(max(counts, default=0), 1)
    bar = (width - left) / max(len(months), 1)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    description = say(chart_description(months, counts))
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    ET.SubElement(
        svg,
        "line",
        {
            "x1": str(left),
            "y1": str(top + plot),
            "x2": str(width),
            "y2": str(top + plot),
            "class": "axis",
        },
    )
    ET.SubElement(
        svg, "text", {"x": "0", "y": str(top + 4), "class": "label"}
    ).text = str(peak)
    ET.SubElement(
        svg, "text", {"x": "0", "y": str(top + plot), "class": "label"}
    ).text = "0"
    for index, (month, count) in enumerate(zip(months, counts, strict=True)):
        bar_height = plot * count / peak
        x = left + index * bar
        rect = ET.SubElement(
            svg,
            "rect",
            {
                "x": f"{x + 1:.1f}",
                "y": f"{top + plot - bar_height:.1f}",
                "width": f"{bar - 2:.1f}",
                "height": f"{bar_height:.1f}",
                "class": "bar",
            },
        )
        ET.SubElement(rect, "title").text = f"{month_label(month)}: {count}"
        if index % 8 == 0:
            ET.SubElement(
                svg, "text", {"x": f"{x:.1f}", "y": str(height - 6), "class": "label"}
            ).text = month_label(month)
    return ET.tostring(svg, encoding="unicode")
