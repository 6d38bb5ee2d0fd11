"""A member of a structured config value (`requireObject("settings").stack`, a Go struct decoded from one).

Python, TS/JS and the other languages read a member by its exact key. Go decodes the value with encoding/json into
a struct (frontends/go_decoded.py), which takes a key that matches the field's name case-insensitively too when
no key matches exactly: its letters folded as Go's `unicode.SimpleFold` does, where the only letters beyond ASCII
that fold to ASCII ones are the Kelvin sign (to `k`) and the long s (to `s`). Each key that matches is decoded
into the field, in the order of the document, so the last one wins: with more than one such key the value is not
decided, and the read is unresolved, naming the keys (never a guess). A Go key name is in ASCII (go_decoded.py);
for another, a key of the same length beyond ASCII is not decided either.
"""

from __future__ import annotations

from typing import Any

_TO_ASCII = str.maketrans({"\u212a": "k", "\u017f": "s"})  # the Kelvin sign, the long s


def member(value: Any, name: str, fold: bool) -> tuple[Any, str]:
    """The member `name` of `value` (None: it has none) and why it is not decided ("" when it is); `fold`: match
    it as Go's encoding/json does."""
    if not isinstance(value, dict):
        return None, ""
    if not fold:
        return value.get(name), ""
    keys = [k for k in value if isinstance(k, str)]
    odd = sorted(k for k in keys if not name.isascii() and k != name and not k.isascii() and len(k) == len(name))
    if odd:
        said = ", ".join(f"'{k}'" for k in odd)
        return None, f"key {said} has letters beyond ASCII: whether Go decodes it as '{name}' is not decided"
    matches = [k for k in keys if k == name or _folds(k, name)]
    if len(matches) > 1:
        said = ", ".join(f"'{k}'" for k in matches)
        return None, (
            f"keys {said} all match '{name}' (Go's encoding/json matches case-insensitively and keeps the last of "
            "them in the document: not decided)"
        )
    return (value[matches[0]], "") if matches else (None, "")


def _folds(key: str, name: str) -> bool:
    """Whether `key` equals the ASCII `name` but for the case of its letters (as Go folds them)."""
    folded = key.translate(_TO_ASCII)
    return name.isascii() and folded.isascii() and folded.lower() == name.lower()
