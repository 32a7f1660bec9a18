"""Type and constraint checks for every cell of a table, vectorised with pyarrow.compute.

Mirrors the Frictionless Table Schema rules for the types and constraints our schemas use
(see rollcall.schema.SUPPORTED_*): empty cells are missing values, a required field must
not be missing, and a present value must parse as the type and satisfy each constraint.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .csvtable import RawTable
from .problems import Problems
from .schema import Field

MAX_REPORTS_PER_CHECK = 30

INTEGER = r"^-?[0-9]+$"
NUMBER = r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
YEAR = r"^-?[0-9]{4}$"
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")

HINTS = {
    "integer": "write a whole number such as 25",
    "number": "write a number such as 2.5",
    "boolean": "write true or false",
    "date": "write a real date as YYYY-MM-DD",
    "year": "write a four-digit year",
}


def typed_columns(raw: RawTable, skip: np.ndarray, problems: Problems) -> dict[str, pa.Array]:
    """Check every field of `raw`; return its columns converted to their schema types.

    `skip` marks rows already reported (blank rows) so they are not reported again.
    Cells that fail a check become null in the result.
    """
    return {f.name: _check_field(raw, f, skip, problems) for f in raw.resource.schema.fields}


def _check_field(raw: RawTable, field: Field, skip: np.ndarray, problems: Problems) -> pa.Array:
    text = raw.columns[field.name]
    present_np = ~raw.empty(field.name) & ~skip
    if field.required:
        _report(raw, field, ~present_np & ~skip, "required",
                lambda row: f"{field.name} is required; fill it in", problems)
    valid_type = _type_mask(text, field.type) if field.type != "string" else None
    bad_type = present_np & ~_np(valid_type) if valid_type is not None else np.zeros(raw.n_rows, bool)
    _report(raw, field, bad_type, "type",
            lambda row: f"'{_cell(text, row)}' is not a {field.type}; {HINTS[field.type]}", problems)
    ok = present_np & ~bad_type
    typed = _convert(text, field.type, ok)
    _check_constraints(raw, field, text, typed, ok, problems)
    return typed


def _check_constraints(raw: RawTable, field: Field, text: pa.Array, typed: pa.Array,
                       ok: np.ndarray, problems: Problems) -> None:
    if field.enum is not None:
        allowed = pa.array(list(field.enum), pa.string())
        bad = ok & ~_np(pc.is_in(text, value_set=allowed))
        choices = ", ".join(field.enum)
        _report(raw, field, bad, "enum",
                lambda row: f"'{_cell(text, row)}' is not allowed; use one of: {choices}", problems)
    if field.pattern is not None:
        bad = ok & ~_np(pc.match_substring_regex(text, f"^(?:{field.pattern})$"))
        _report(raw, field, bad, "pattern",
                lambda row: f"'{_cell(text, row)}' does not match the pattern {field.pattern}", problems)
    if field.max_length is not None:
        lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
        bad = ok & (lengths > field.max_length)
        _report(raw, field, bad, "max-length",
                lambda row: f"text is {lengths[row]} characters long; shorten it to at most {field.max_length}",
                problems)
    if field.minimum is not None and field.type in ("integer", "number", "year"):
        values = pc.fill_null(typed, field.minimum).to_numpy(zero_copy_only=False)
        bad = ok & (values < field.minimum)
        _report(raw, field, bad, "minimum",
                lambda row: f"{_cell(text, row)} is below the minimum {field.minimum}", problems)
    if field.maximum is not None and field.type in ("integer", "number", "year"):
        values = pc.fill_null(typed, field.maximum).to_numpy(zero_copy_only=False)
        bad = ok & (values > field.maximum)
        _report(raw, field, bad, "maximum",
                lambda row: f"{_cell(text, row)} is above the maximum {field.maximum}", problems)


def _type_mask(text: pa.Array, kind: str) -> pa.Array:
    if kind == "integer":
        return pc.match_substring_regex(text, INTEGER)
    if kind == "number":
        return pc.match_substring_regex(text, NUMBER)
    if kind == "year":
        return pc.match_substring_regex(text, YEAR)
    if kind == "boolean":
        return pc.is_in(text, value_set=pa.array(TRUE_VALUES + FALSE_VALUES))
    if kind == "date":
        shaped = pc.match_substring_regex(text, DATE)
        parsed = pc.strptime(pc.if_else(shaped, text, "0001-01-01"), format="%Y-%m-%d", unit="s",
                             error_is_null=True)
        # strptime rolls 2022-02-30 over to March; a real date prints back unchanged. Casting to
        # text prints as strftime("%Y-%m-%d") does (checked for every day of years -2 to 10010), 20x faster.
        printed = pc.cast(pc.cast(parsed, pa.date32()), pa.string())
        round_trip = pc.equal(printed, text)
        return pc.and_(shaped, pc.fill_null(round_trip, False))
    raise ValueError(kind)


def _convert(text: pa.Array, kind: str, ok: np.ndarray) -> pa.Array:
    if kind == "string" and ok.all():
        return text
    mask = pa.array(~ok)
    if kind == "string":
        return pc.if_else(mask, pa.scalar(None, pa.string()), text)
    placeholder = {"integer": "0", "year": "0", "number": "0", "date": "1970-01-01", "boolean": "false"}[kind]
    cleaned = pc.if_else(mask, placeholder, text)
    if kind in ("integer", "year"):
        values = pc.cast(cleaned, pa.int64())
    elif kind == "number":
        values = pc.cast(cleaned, pa.float64())
    elif kind == "boolean":
        values = pc.is_in(cleaned, value_set=pa.array(TRUE_VALUES))
    else:
        values = pc.cast(pc.strptime(cleaned, format="%Y-%m-%d", unit="s"), pa.date32())
    return pc.if_else(mask, pa.scalar(None, values.type), values)


def _report(raw: RawTable, field: Field, bad: np.ndarray, code: str, message, problems: Problems) -> None:
    rows = np.flatnonzero(bad)
    for row in rows[:MAX_REPORTS_PER_CHECK]:
        problems.add(raw.shown, raw.line(int(row)), field.name, code, message(int(row)))
    if len(rows) > MAX_REPORTS_PER_CHECK:
        row = int(rows[MAX_REPORTS_PER_CHECK])
        problems.add(raw.shown, raw.line(row), field.name, code,
                     f"and {len(rows) - MAX_REPORTS_PER_CHECK} more rows with the same problem in this column")


def _np(mask: pa.Array) -> np.ndarray:
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


def _cell(text: pa.Array, row: int, limit: int = 60) -> str:
    value = text[row].as_py()
    return value if len(value) <= limit else value[:limit] + "…"
