"""Config values as a cache stores them: secrets masked, and only what JSON gives back exactly.

A `secure:` value is SECRET in the model; it is stored as a tag (`{"\\x00secret": true}`) and read
back as SECRET, so no secret ever reaches a cache file. A value JSON would not give back exactly (a
date, binary data, a non-string key, a tuple) raises `Uncacheable`: such a file is read every time.
"""

from __future__ import annotations

from typing import Any

from stackgraph.model import SECRET

SECRET_TAG = "\x00secret"
_PLAIN = frozenset({str, int, float, bool, type(None)})


class Uncacheable(Exception):
    """A value JSON cannot hold exactly: read the file every time."""


def masked(v: Any) -> Any:
    """`v` as JSON data with SECRET as its tag; raises Uncacheable on anything JSON would not give back
    exactly (a date, a non-string key, a subclass of a plain type)."""
    t = type(v)
    if t in _PLAIN:
        return v
    if v is SECRET:
        return {SECRET_TAG: True}
    if t is dict and all(type(k) is str for k in v) and SECRET_TAG not in v:
        return {k: x if type(x) in _PLAIN else masked(x) for k, x in v.items()}
    if t is list:
        return [x if type(x) in _PLAIN else masked(x) for x in v]
    raise Uncacheable


def secret_hook(obj: dict[str, Any]) -> Any:
    """Turn the stored tag back into SECRET as a cache file is decoded (`json.loads(object_hook=...)`)."""
    return SECRET if SECRET_TAG in obj else obj


def secret_tag(obj: Any) -> Any:
    """`json.dumps(default=...)`: SECRET as its tag; anything else JSON cannot hold raises TypeError."""
    if obj is SECRET:
        return {SECRET_TAG: True}
    raise TypeError(f"cannot store {type(obj).__name__}")
