"""Members of structured config values as each language reads them (config_members.py): by the exact key, or as
Go's encoding/json decodes a struct (case-insensitively, a value several keys match not decided).

Was: a member was read by its exact key only, so a Go field whose key the stack file writes in another case read
as missing, and two keys matching one field were not seen."""

from __future__ import annotations

from stackgraph.inference.config_members import member


def test_config_members_match_as_go_decodes() -> None:
    long_s, kelvin = "\u017f", "\u212a"  # Go folds them to `s` and `k`
    value = {"networkStack": "a", "Other": "b", f"{long_s}tack": "c", f"{kelvin}ey": "d", "kEY": "e"}
    assert member(value, "networkStack", False) == ("a", "")
    assert member(value, "NETWORKSTACK", False) == (None, "")  # other languages: the exact key
    assert member(value, "NETWORKSTACK", True) == ("a", "")
    assert member(value, "other", True) == ("b", "")
    assert member(value, "STACK", True) == ("c", "")
    assert member(value, "missing", True) == (None, "")
    found, why = member(value, "key", True)  # two keys match: encoding/json keeps the last in the document
    assert found is None and f"'{kelvin}ey', 'kEY' all match 'key'" in why, why
    found, why = member({"\u00e9t\u00e9": "x"}, "\u00c9t\u00e9", True)  # a name beyond ASCII: not decided
    assert found is None and "beyond ASCII" in why, why
