"""Serialise export rows as JSON and CSV text, byte-stable for the same rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .cells import csv_value


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with every text cell quoted and every number bare.

    Minimal quoting leaves a lone carriage return, a semicolon or a tab
    unquoted, and some readers start a new row or cell there; in quotes they
    stay inside their cell whatever the reader's separator (docs/report.md).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row.get(column)) for column in columns])
    return buffer.getvalue()
