"""The field reference of docs/fields.md, generated from the JSON Schemas so it cannot drift."""

from __future__ import annotations

import json
from typing import Any

from .model.schema import CHAPTER_SCHEMA, FRONT_MATTER_SCHEMA, load_schema


def _type_words(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return " \\| ".join(f"`{choice}`" for choice in spec["enum"])
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type_words(spec.get('items', {})) or 'values'}"
    words = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "`true` or `false`",
        "object": "mapping",
    }.get(kind, kind)
    if spec.get("format"):
        words += f" ({spec['format']})"
    return words


def _example(spec: dict[str, Any]) -> str:
    examples = spec.get("examples")
    if not examples:
        return ""
    value = examples[0]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


def _rows(properties: dict, required: list, prefix: str = "") -> list[str]:
    rows = []
    for name, spec in properties.items():
        field = f"{prefix}{name}"
        need = "yes" if name in required else ""
        rows.append(
            f"| `{field}` | {_type_words(spec)} | {need} | "
            f"{spec.get('description', '')} | {_example(spec)} |"
        )
        nested = spec.get("properties") or spec.get("items", {}).get("properties")
        if nested:
            inner_required = spec.get("required") or spec.get("items", {}).get(
                "required", []
            )
            inner_prefix = f"{field}[]." if spec.get("type") == "array" else f"{field}."
            rows.extend(_rows(nested, inner_required, inner_prefix))
    return rows


def field_reference() -> str:
    parts = [
        "# Field reference",
        "",
        "Generated from `plugins/model/schemas/` by `invoke docs`; do not edit by hand.",
        "",
    ]
    for name, heading in (
        (CHAPTER_SCHEMA, "chapter.yaml"),
        (FRONT_MATTER_SCHEMA, "Front matter of posts, reports, events and pages"),
    ):
        schema = load_schema(name)
        parts += [
            f"## {heading}",
            "",
            schema.get("description", ""),
            "",
            "| field | type | required | meaning | example |",
            "|---|---|---|---|---|",
            *_rows(schema["properties"], schema.get("required", [])),
            "",
        ]
    return "\n".join(parts)
