"""A small evaluator of GitHub Actions expressions and a simulator of a workflow run's jobs.

Covers the subset the generated workflows use, with GitHub's semantics: `!`, `&&`, `||`, `==`, `!=`,
parentheses, 'strings' ('' escapes a quote), property paths (`needs.plan.outputs.stacks`), the object
filter `needs.*.result`, and the functions contains, fromJSON, success, failure, cancelled, always.
String comparison is case-insensitive; `&&`/`||` return an operand; an `if:` without a status function
is `success() && (...)`. A job runs when its `if:` is true once all its `needs` are done; else it is
`skipped`. `success()` of a job: every needed job succeeded (a skipped need is not a success).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>&&|\|\||==|!=|[!(),])|(?P<name>[A-Za-z_*][A-Za-z0-9_.*-]*))")
STATUS = ("success", "failure", "cancelled", "always")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SyntaxError(f"cannot read {text[pos:]!r}")
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


Node = tuple[Any, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.toks[self.i]
        if value is not None and tok[1] != value:
            raise SyntaxError(f"expected {value}, found {tok[1]}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        if self.i != len(self.toks):
            raise SyntaxError(f"trailing {self.toks[self.i :]}")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() == "||":
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.unary()
        while self.peek() == "&&":
            self.take()
            node = ("and", node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "!":
            self.take()
            return ("not", self.unary())
        return self.cmp()

    def cmp(self) -> Node:
        node = self.primary()
        if self.peek() in ("==", "!="):
            op = self.take()[1]
            node = (op, node, self.primary())
        return node

    def primary(self) -> Node:
        kind, value = self.take()
        if value == "(" and kind == "op":
            node = self.or_()
            self.take(")")
            return node
        if kind == "str":
            return ("lit", value[1:-1].replace("''", "'"))
        if kind == "name" and self.peek() == "(":
            self.take("(")
            args: list[Node] = []
            while self.peek() != ")":
                args.append(self.or_())
                if self.peek() == ",":
                    self.take(",")
            self.take(")")
            return ("call", value.lower(), tuple(args))
        if kind == "name":
            if value in ("true", "false"):
                return ("lit", value == "true")
            return ("path", tuple(value.split(".")))
        raise SyntaxError(f"unexpected {value}")


@cache
def parse(text: str) -> Node:
    """Parse an expression (with or without `${{ }}`)."""
    text = text.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return _Parser(text).parse()


def uses_status(node: Node) -> bool:
    """True when the expression calls a status function (then GitHub does not add `success() &&`)."""
    if node[0] == "call":
        return node[1] in STATUS or any(uses_status(a) for a in node[2])
    return any(isinstance(part, tuple) and part and uses_status(part) for part in node[1:] if isinstance(part, tuple))


def truthy(value: Any) -> bool:
    return value not in (None, False, "", 0)


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return bool(a == b)


def _path(ctx: Mapping[str, Any], parts: tuple[str, ...]) -> Any:
    values: list[Any] = [ctx]
    filtered = False
    for part in parts:
        if part == "*":
            values = [v for cur in values if isinstance(cur, dict) for v in cur.values()]
            filtered = True
            continue
        values = [cur.get(part) if isinstance(cur, dict) else None for cur in values]
    return values if filtered else values[0]


@dataclass
class Status:
    needs_results: list[str]
    workflow_cancelled: bool = False


def evaluate(node: Node, ctx: Mapping[str, Any], status: Status) -> Any:
    """Evaluate a parsed expression in a context (`needs`, `github`, `inputs`)."""
    op = node[0]
    if op == "lit":
        return node[1]
    if op == "path":
        return _path(ctx, node[1])
    if op == "not":
        return not truthy(evaluate(node[1], ctx, status))
    if op == "and":
        left = evaluate(node[1], ctx, status)
        return evaluate(node[2], ctx, status) if truthy(left) else left
    if op == "or":
        left = evaluate(node[1], ctx, status)
        return left if truthy(left) else evaluate(node[2], ctx, status)
    if op in ("==", "!="):
        same = _eq(evaluate(node[1], ctx, status), evaluate(node[2], ctx, status))
        return same if op == "==" else not same
    if op == "call":
        return _FUNCS[node[1]]([evaluate(a, ctx, status) for a in node[2]], status)
    raise ValueError(op)


def _contains(args: list[Any], status: Status) -> bool:
    haystack, needle = args
    if isinstance(haystack, list):
        return any(_eq(item, needle) for item in haystack)
    return str(needle).lower() in str(haystack).lower()


_FUNCS: dict[str, Callable[[list[Any], Status], Any]] = {
    "contains": _contains,
    "fromjson": lambda args, _s: json.loads(args[0]),
    "always": lambda _a, _s: True,
    "cancelled": lambda _a, s: s.workflow_cancelled,
    "success": lambda _a, s: not s.workflow_cancelled and all(r == "success" for r in s.needs_results),
    "failure": lambda _a, s: any(r == "failure" for r in s.needs_results),
}


def job_condition(job: Mapping[str, Any]) -> Node:
    """The parsed `if:` of a job as GitHub reads it (`success() && (...)` without a status function)."""
    text = str(job.get("if", "success()"))
    node = parse(text)
    return node if uses_status(node) else ("and", ("call", "success", ()), node)


def needs_of(job: Mapping[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def simulate(
    workflow: Mapping[str, Any],
    *,
    event: str,
    outcome: Callable[[str], tuple[str, dict[str, str]]],
    cancelled: bool = False,
    action: str | None = None,
) -> dict[str, str]:
    """Run the jobs in `needs` order; `outcome(job_id)` gives (result, outputs) of a job that runs."""
    jobs: Mapping[str, Any] = workflow["jobs"]
    results: dict[str, str] = {}
    outputs: dict[str, dict[str, str]] = {}
    pending = list(jobs)
    while pending:
        ready = [j for j in pending if all(n in results for n in needs_of(jobs[j]))]
        assert ready, f"jobs wait on each other: {pending}"
        for name in ready:
            pending.remove(name)
            needs = needs_of(jobs[name])
            ctx = {
                "github": {"event_name": event, "event": {"action": action}},
                "needs": {n: {"result": results[n], "outputs": outputs.get(n, {})} for n in needs},
            }
            run = truthy(evaluate(job_condition(jobs[name]), ctx, Status([results[n] for n in needs], cancelled)))
            if run:
                results[name], outputs[name] = outcome(name)
            else:
                results[name] = "skipped"
    return results
