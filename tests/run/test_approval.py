"""The cascade rule of `up --plan` (run/pulumi/approval.py), as the table in docs/deploying.md states it."""

from __future__ import annotations

import pytest

from stackgraph.run.pulumi.approval import change_map, compare_applied, describe, new_operations

URN = "urn:pulumi:dev::app::pulumi:index:Stash::"


@pytest.mark.parametrize(
    ("approved", "proposed", "stops"),
    [
        pytest.param(None, "same", False, id="no-change-now"),
        pytest.param("update", "same", False, id="approved-update-now-nothing"),
        pytest.param("update", "update", False, id="same-operation"),
        pytest.param("create", "create", False, id="approved-create"),
        pytest.param("delete", "delete", False, id="approved-delete"),
        pytest.param("replace", "replace", False, id="approved-replace"),
        pytest.param("replace", "update", False, id="update-where-replace-was-approved"),
        pytest.param(None, "update", True, id="more-resources-changed"),
        pytest.param(None, "create", True, id="unapproved-create"),
        pytest.param("update", "replace", True, id="update-became-replace"),
        pytest.param("update", "delete", True, id="update-became-delete"),
        pytest.param(None, "delete", True, id="new-delete"),
        pytest.param("create", "update", True, id="another-operation"),
        pytest.param("delete", "update", True, id="delete-became-update"),
    ],
)
def test_the_rule(approved: str | None, proposed: str, stops: bool) -> None:
    before = {URN + "box": approved} if approved else {}
    found = new_operations(before, {URN + "box": proposed})
    assert found == ([(URN + "box", proposed, approved)] if stops else [])


def test_new_operations_are_sorted_and_described() -> None:
    approved = {URN + "a": "update"}
    proposed = {URN + "b": "update", URN + "a": "replace", URN + "c": "same"}
    found = new_operations(approved, proposed)
    assert [describe(*f) for f in found] == [
        "replace pulumi:index:Stash a (approved: update)",
        "update pulumi:index:Stash b (approved: no change)",
    ]


def test_change_map_keeps_the_strongest_step_of_a_resource() -> None:
    steps = [{"urn": URN + "a", "op": "create"}, {"urn": URN + "a", "op": "delete"}, {"urn": "", "op": "update"}]
    assert change_map(steps) == {URN + "a": "delete"}


@pytest.mark.parametrize(
    ("applied", "verdict"),
    [
        pytest.param({URN + "a": "update", URN + "b": "replace"}, "matched", id="matched"),
        pytest.param({URN + "a": "update"}, "less", id="one-not-needed"),
        pytest.param({URN + "a": "update", URN + "b": "update"}, "less", id="update-instead-of-replace"),
        pytest.param({URN + "a": "update", URN + "b": "replace", URN + "c": "create"}, "more", id="more"),
    ],
)
def test_compare_applied(applied: dict[str, str], verdict: str) -> None:
    result = compare_applied({URN + "a": "update", URN + "b": "replace"}, applied)
    assert result["approval"] == verdict
    if verdict == "more":
        assert result["unapproved"] == ["create pulumi:index:Stash c (approved: no change)"]
