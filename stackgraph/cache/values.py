"""Config values as a cache stores them: secrets masked, and only what JSON gives back exactly.

A `secure:` value is SECRET in the model; it is stored as a tag (`{"\\x00secret": true}`) and read
back as SECRET (`unmasked`), so no secret ever reaches a cache file. A value JSON would not give back
exactly (a date, binary data, a non-string key, a tuple, a float that is not finite, an integer beyond
64 bits, which orjson refuses) raises `Uncacheable`: such a file is read every time.
"""

from __future__ import annotations

import math
from typing import Any

from stackgraph.model import SECRET

SECRET_TAG = "\x00secret"
_PLAIN = frozenset({str, bool, type(None)})
_NESTED = frozenset({dict, list})
_INT_MIN, _INT_END = -(2**63), 2**64  # what orjson writes: a 64-bit integer, signed or not


class Uncacheable(Exception):
    """A value JSON cannot hold exactly: read the file every time."""


def masked(v: Any) -> Any:
    """`v` as JSON data with SECRET as its tag; raises Uncacheable on anything JSON would not give back
    exactly (a date, a non-string key, a subclass of a plain type, NaN, 2**64)."""
    t = type(v)
    if t in _PLAIN:
        return v
    if t is int:
        if _INT_MIN <= v < _INT_END:
            return v
        raise Uncacheable
    if t is float:
        if math.isfinite(v):  # orjson writes NaN and the infinities as null
            return v
        raise Uncacheable
    if v is SECRET:
        return {SECRET_TAG: True}
    if t is dict and all(type(k) is str for k in v) and SECRET_TAG not in v:
        return {k: x if type(x) in _PLAIN else masked(x) for k, x in v.items()}
    if t is list:
        return [x if type(x) in _PLAIN else masked(x) for x in v]
    raise Uncacheable


def unmasked(v: Any) -> Any:
    """The inverse of `masked` on JSON data as read: every tag becomes SECRET. Lists and dicts are changed
    in place (they are the cache's own, just decoded)."""
    t = type(v)
    if t is dict:
        if SECRET_TAG in v:
            return SECRET
        for k, x in v.items():
            if type(x) in _NESTED:
                v[k] = unmasked(x)  # a new value for a key, never a new key: the iteration goes on
    elif t is list:
        for i, x in enumerate(v):
            if type(x) in _NESTED:
                v[i] = unmasked(x)
    return v


def secret_tag(obj: Any) -> Any:
    """`default` of a JSON encoder: SECRET as its tag; anything else JSON cannot hold raises TypeError."""
    if obj is SECRET:
        return {SECRET_TAG: True}
    raise TypeError(f"cannot store {type(obj).__name__}")
