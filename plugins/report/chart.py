"""A bar chart of items per month as inline SVG, drawn at build time with ElementTree."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

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


def bar_chart(
    months: Sequence[str], counts: Sequence[int], title: str, chart_id: str
) -> str:
    """An accessible SVG: role=img with a title and description, one titled bar per month.

    Drawn on a 320-unit canvas with 13-unit labels, so that the labels stay
    at least 12 px high on a 320 px phone (the stylesheet caps the width).
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
    total = sum(counts)
    busiest = max(range(len(counts)), key=lambda i: counts[i]) if total else None
    desc = f"{total} item{'s' if total != 1 else ''} in {len(months)} months"
    if busiest is not None:
        desc += f"; busiest month {month_label(months[busiest])} with {counts[busiest]}"
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = desc + "."
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
