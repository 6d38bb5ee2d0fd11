"""The string operations compute what each language does, or say they cannot: JS `replace` and regular expression
literals checked against node itself (when it is installed), the cases only some languages agree on left unknown,
and the new IR nodes kept in the parse cache."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from stackgraph.inference import cache, ir, textops
from stackgraph.inference.frontends import javaregex, jsregex, strmethods

TEXTS = ("cloud-primary-EU.Prod-x", "dev", "a-b-c", "", "x.y.z", "aaa", "abc", "A\r\nb c\t")
REPLACEMENTS = ("", "_", "$&$&", "$$", "[$`|$']", "$1", "$2-$1", "$10", "$01", "$<n>", "$", "$0")
REGEXES = (
    (".*[.]", ""), ("^cloud-", ""), ("-", "g"), ("-", ""), ("[-.]", "g"), ("^(\\w+)-(\\w+)", ""), ("x*", "g"),
    ("a*?", "g"), ("(a)|(b)", "g"), ("[^a-z]+", "gi"), ("E", "i"), ("\\bp\\w*", "g"), ("\\d|\\s", "g"),
    ("([a-c])-?", "g"), ("z$", ""), ("(?:ab)+", "g"), ("(?=-)", "g"), ("(?!a).", ""), ("b*", "g"), ("(x)?e", "g"),
    (".", "g"), ("\\S+", "g"), ("[\\s\\d]", "g"), ("c$|^A", "gi"), ("[A-Z]{1,2}", "g"), ("\\B.", "g"),
)  # fmt: skip


def _js(value: str, search: str, new: str, every: bool) -> str:
    """The JS of `value.replace(search, new)` (`replaceAll` when `every`); `search` a JSON string or a regex."""
    return f"{json.dumps(value)}.{'replaceAll' if every else 'replace'}({search}, {json.dumps(new)})"


def _ours(op: ir.Expr, texts: list[str]) -> str | None:
    assert isinstance(op, textops.Op)
    return textops.apply(op, texts)[0]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_replace_and_regular_expressions_compute_what_node_computes() -> None:
    cases: list[tuple[str, str | None]] = []
    for value in TEXTS:
        for new in REPLACEMENTS:
            for search in ("-", "", "a", "x.y"):
                for every in (False, True):
                    op = ir.Replace(ir.Lit(value), ir.Lit(search), ir.Lit(new), -1 if every else 1, "js")
                    cases.append((_js(value, json.dumps(search), new, every), _ours(op, [value, search, new])))
            for pattern, flags in REGEXES:
                translated, why = jsregex.translate(pattern, flags)
                assert translated is not None, (pattern, why)
                op = ir.RegexReplace(ir.Lit(value), translated, ir.Lit(new), "g" in flags, "i" in flags)
                cases.append((_js(value, f"/{pattern}/{flags}", new, False), _ours(op, [value, new])))
    script = "console.log(JSON.stringify([" + ",".join(js for js, _ in cases) + "]))"
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=60)
    for (js, ours), theirs in zip(cases, json.loads(run.stdout), strict=True):
        assert ours == theirs, js


@pytest.mark.parametrize(
    ("pattern", "flags", "why"),
    [
        ("(?<=a)b", "", "a lookbehind or a named group"),
        ("(?<n>a)", "", "a lookbehind or a named group"),
        ("(a)\\1", "", "the escape \\1"),
        ("(a+)+b", "", "a repeated group that holds a quantifier or a '|'"),
        ("(?:a|b)*", "", "a repeated group that holds a quantifier or a '|'"),
        ("a*+", "", "a quantifier on a quantifier"),
        ("a{,3}", "", "a '{' that is not a quantifier or a class"),
        ("[]", "", "an empty or unclosed class"),
        ("\\u0041", "", "the escape \\u"),
        ("\\p{L}", "", "the escape \\p"),
        ("[\\W]", "", "the escape \\W in a class"),
        ("a", "m", "flags other than g and i"),
        ("a", "gg", "flags other than g and i"),
        ("a", "u", "flags other than g and i"),
        ("[a--]", "", "Python reads otherwise"),
    ],
)
def test_a_regular_expression_js_and_python_may_read_differently_is_not_translated(
    pattern: str, flags: str, why: str
) -> None:
    translated, reason = jsregex.translate(pattern, flags)
    assert translated is None and why in reason


def test_what_the_languages_disagree_on_stays_unknown() -> None:
    stack = ir.CurrentStack()
    assert _ours(ir.Case(stack), ["Dév"]) is None  # case mapping beyond ASCII differs
    assert _ours(ir.Trim(stack, "both"), ["\x1cprod "]) is None  # only Python strips \x1c as whitespace
    assert _ours(ir.Trim(stack, "both"), [" \t prod\n"]) == "prod"
    assert _ours(ir.Replace(stack, ir.Lit(""), ir.Lit("x"), -1, "cs"), ["ab", "", "x"]) is None  # C# throws
    assert _ours(ir.Replace(stack, ir.Lit(""), ir.Lit("+"), 2), ["dev", "", "+"]) == "+d+ev"  # Python and Go


def test_literals_fold_so_a_front_end_can_read_them_further() -> None:
    assert strmethods.python_method("lower", ir.Lit("ACME"), [], None, "") == ir.Lit("acme")
    assert strmethods.go_strings("TrimPrefix", [ir.Lit("x-net"), ir.Lit("x-")], None, "") == ir.Lit("net")
    kept = strmethods.csharp_method("ToLower", ir.CurrentStack(), [])
    assert kept == ir.Case(ir.CurrentStack(), upper=False)


def test_the_string_operations_are_kept_in_the_parse_cache() -> None:
    ops = (
        ir.Case(ir.CurrentStack(), upper=True),
        ir.Replace(ir.CurrentStack(), ir.Lit("-"), ir.Lit("_"), 1, "js"),
        ir.RegexReplace(ir.CurrentStack(), "[0-9]+", ir.Lit(""), every=True, fold=True),
        ir.Trim(ir.CurrentStack(), "prefix", ir.Lit("x-")),
        ir.Trim(ir.CurrentStack(), "both"),
        ir.Slice(ir.CurrentStack(), -3, None),
    )
    facts = ir.FileFacts("f.py", "python", symbols=tuple((f"s{i}", op) for i, op in enumerate(ops)))
    assert cache.decode(json.loads(cache.encode(facts))) == facts
    registered = set(cache._CLASSES)
    assert all(cls in registered for cls in ir.Expr.__subclasses__() if cls.__module__.startswith("stackgraph"))


JAVA_TEXTS = ("cloud-primary-EU.Prod-x", "dev", "a-b-c", "", "x.y.z", "aaa", "\x01 ab\x1c\t", "A\r\nb c\t\x00")
JAVA_REGEXES = (
    "-", "[-.]", "^cloud-", "a*", "a*?", "(a)|(b)", "[^a-z]+", "\\bp\\w*", "\\d|\\s", "([a-c])-?", "(?:ab)+",
    "(?=-)", "(?!a).", ".", "\\S+", "[\\s\\d]", "[A-Z]{1,2}", "\\B.", "\\.", "x{2,}", "\\-|E",
)  # fmt: skip


def _java_quoted(value: str) -> str:
    """A Java expression of the string `value` (its chars by number: a `\\u000a` escape ends a line in Java)."""
    return "new String(new char[] {" + ", ".join(str(ord(c)) for c in value) + "})"


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
def test_java_string_methods_compute_what_java_computes(tmp_path: Path) -> None:
    """Each method on each text, run by `java` itself: the same text, or an error where Java throws."""
    cases: list[tuple[str, str | None]] = []
    for value in JAVA_TEXTS:
        calls: list[tuple[str, list[str], list[str]]] = [
            ("toLowerCase", [], []), ("toUpperCase", ["Locale.ROOT"], ["Locale.ROOT"]), ("trim", [], []),
            ("strip", [], []), ("stripLeading", [], []), ("stripTrailing", [], []),
            ("replace", ['"-"', '"_"'], ["-", "_"]), ("replace", ['""', '"."'], ["", "."]),
            ("replace", ["'a'", "'b'"], ["a", "b"]), ("substring", ["2"], []), ("substring", ["1", "3"], []),
        ]  # fmt: skip
        calls += [(m, [_java_quoted(p), '"_"'], [p, "_"]) for p in JAVA_REGEXES for m in ("replaceAll", "replaceFirst")]
        for name, written, texts in calls:
            args: list[ir.Expr] = [ir.Lit(t) for t in texts] if texts else [ir.Lit(w) for w in written]
            op = strmethods.java_method(name, ir.Lit(value), args, written, "")
            cases.append(
                (f"{_java_quoted(value)}.{name}({', '.join(written)})", op.value if isinstance(op, ir.Lit) else None)
            )
    lines = "\n".join(f"        show(() -> {js});" for js, _ in cases)
    source = f"""import java.util.Locale;
import java.util.function.Supplier;
public class Check {{
    static void show(Supplier<String> f) {{
        try {{
            StringBuilder out = new StringBuilder("=");
            for (char c : f.get().toCharArray()) out.append((int) c).append(',');
            System.out.println(out);
        }} catch (RuntimeException e) {{ System.out.println("!"); }}
    }}
    public static void main(String[] args) {{
{lines}
    }}
}}
"""
    (tmp_path / "Check.java").write_text(source)
    check = ["java", str(tmp_path / "Check.java")]
    run = subprocess.run(check, check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    for (java, ours), theirs in zip(cases, run.stdout.splitlines(), strict=True):
        got = None if theirs == "!" else "".join(chr(int(c)) for c in theirs[1:].split(",") if c)
        assert ours == got, java


@pytest.mark.parametrize(
    ("pattern", "why"),
    [("x$", "with $"), ("a*+", "possessive"), ("a{", "brace"), ("\\Qa\\E", "an escape"), ("\\1", "an escape"),
     ("(?i)a", "inline flag"), ("(?<n>a)", "named group"), ("[a[b]]", "nests"), ("[a&&b]", "intersects"),
     ("[]a]", "empty"), ("\\", "ends it"), ("*a", "nothing to repeat"), ("[\\b]", "an escape")],
)  # fmt: skip
def test_a_java_regular_expression_that_may_read_otherwise_is_refused(pattern: str, why: str) -> None:
    assert why in javaregex.refused(pattern)
    op = strmethods.java_method("replaceAll", ir.CurrentStack(), [ir.Lit(pattern), ir.Lit("")], ["", ""], "s.f()")
    assert isinstance(op, ir.Unknown) and op.why.endswith("(s.f())")
