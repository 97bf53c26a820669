"""CSV cell values that no spreadsheet runs as a formula, whatever its separator."""

from __future__ import annotations

import re
from typing import Any

# Characters that start a formula, with the fullwidth and small forms that
# spreadsheets in East Asian locales (and NFKC normalisation) read as the same.
FORMULA_CHARACTERS = (
    "=+-@"
    "\N{FULLWIDTH EQUALS SIGN}\N{FULLWIDTH PLUS SIGN}"
    "\N{FULLWIDTH HYPHEN-MINUS}\N{FULLWIDTH COMMERCIAL AT}"
    "\N{SMALL EQUALS SIGN}\N{SMALL PLUS SIGN}"
    "\N{SMALL HYPHEN-MINUS}\N{SMALL COMMERCIAL AT}"
)
# Where a reader may start a new cell: a comma or semicolon (semicolon locales
# split on ";"), a tab (tab-separated import), a line break (readers that
# ignore quotes start a new row there).
SEPARATORS = ",;\t\r\n"
# What a spreadsheet may skip before reading the first character of a cell.
_SKIPPED = r"[\s\u200b\u200c\u200d\u2060\ufeff]*"

_FORMULA_START = re.compile(
    rf"(?:\A|(?<=[{re.escape(SEPARATORS)}]))"
    rf"(?={_SKIPPED}[{re.escape(FORMULA_CHARACTERS)}])"
    # OWASP: a cell starting with a tab or carriage return is prefixed too.
    r"|\A(?=[\t\r\n])"
)


def defuse_formulas(text: str) -> str:
    """``text`` with an apostrophe wherever a cell could start a formula.

    The apostrophe goes at the start of the text and after each separator whose
    next non-space character is one of ``FORMULA_CHARACTERS`` (OWASP's advice,
    extended to the places where a reader splitting on ``;``, tab or a line
    break would start a new cell). A spreadsheet shows such a cell as text.
    """
    return _FORMULA_START.sub("'", text)


def csv_value(value: Any) -> str | int | float:
    """The cell of one value: empty for unknown, true/false as in JSON.

    Numbers are the program's own (counts, never contributor text) and stay
    numbers, so a negative count is not mangled; all text is defused.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return defuse_formulas(str(value))
