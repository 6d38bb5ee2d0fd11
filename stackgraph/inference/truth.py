"""The truth of a known value used as a condition (`if (x)`, `if x:`, `not x`), as its language reads it.

A config read says what it gives (`ir.ConfigRead.kind`), and the value it gives is the stack's text for the key:
- "text" (TS/JS `get`/`require`, Python `get`/`require` and their secret forms): a string, false only when empty
  (`peering: false` gives the string "false", which is true);
- "number" (`getNumber`, Python `get_int`/`get_float`): the number the text is, false when it is 0 ("0.0", "-0",
  "00" too); a text that is no plain decimal number (`0x10`, `1_000`, `NaN`) is not decided: JS's `parseFloat`
  and Python's `int`/`float` read those differently, or fail;
- "bool" (`getBoolean`, Python `get_bool`): `true`/`True` and `false`/`False`; anything else fails the program
  (TS/JS accepts the lower-case words only) and is not decided;
- "object" (`getObject`, Python `get_object`): the JSON value of the text: a number as above, `true`, and `false`
  and `null` (false); any other is not decided (`{}` is true in JS, false in Python).
Any other value (a literal, a read of another language) is false when it is "", "false" or "0" (any case).
"""

from __future__ import annotations

import re

FALSY = ("", "false", "0")
"""The text of a value of no known kind whose truth is false (a literal)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_BOOLS = {"true": True, "True": True, "false": False, "False": False}
_JSON = {"true": True, "false": False, "null": False}


def truth(text: str, kind: str) -> bool | None:
    """Whether the value `text` of a read of `kind` (`ir.ConfigRead.kind`; "" none) is true; None: not decided."""
    if kind == "text":
        return text != ""
    if kind == "bool":
        return _BOOLS.get(text)
    if kind in ("number", "object"):
        number = text.strip()
        if _NUMBER.fullmatch(number):
            return float(number) != 0
        return _JSON.get(text.strip()) if kind == "object" else None
    return text.lower() not in FALSY


TYPED = ("number", "bool", "object")


def equal(a: str | None, a_kind: str, b: str | None, b_kind: str) -> bool | None:
    """Whether two known values are equal when one is a typed read's (`TYPED`): numbers as numbers (`getNumber`'s
    "3.0" equals 3), booleans as booleans; None when not decided (an object, a number compared with a string)."""
    kinds = {a_kind, b_kind} - {""}
    if a is None or b is None or len(kinds) != 1 or "object" in kinds:
        return None
    if kinds == {"number"}:
        x, y = a.strip(), b.strip()
        return float(x) == float(y) if _NUMBER.fullmatch(x) and _NUMBER.fullmatch(y) else None
    if kinds == {"bool"}:
        x_bool, y_bool = _BOOLS.get(a), _BOOLS.get(b)
        return None if x_bool is None or y_bool is None else x_bool == y_bool
    return a == b


def takes_default(text: str, kind: str, empty: str) -> bool | None:
    """Whether a read's default stands for its set value `text` (`ir.ConfigRead.empty`): "falsy" (`||`, `or`) when
    the value is false for its `kind`, "text" (Go's `if v == ""`) when it is ""; never for `??` (""). None: its
    truth is not decided."""
    if empty == "text":
        return text == ""
    if empty == "falsy":
        true = truth(text, kind)
        return None if true is None else not true
    return False
