"""The labelled corpus: every site found at the right line and resolved right, per stack, per language.

Each project of tests/inference/corpus has an `expect.yaml` next to its code:

    index.ts:12:                      # a site, relative to the project folder
      dev: networking/dev             # a stack in the tree (its id)
      prod: ~acme-ext/shared/prod     # `~` + target for one outside the tree (org omitted when it is our own)
    __main__.py:9:
      "*": unresolved [networking/dev, networking/prod] because secret
      # "*" = every stack of the project ({stack} is replaced by each name); a list = several references;
      # `unresolved`, optional [candidates], optional `because <words of the reason>`
    lib/old.py:3: {"*": ignored}       # a site in a module the program never imports
    project: ~networking/{stack}      # under the key `project`: a project without stack files
    outputs:                          # optional: the output keys every reference of a site reads
      index.ts:12: [vpcId]
    reads_open:                       # optional: sites whose outputs are also used where the scan cannot
      index.ts:12: f(net.outputs)     #   read them; the value is part of the reason it gives

Precision and recall are computed per language and must both be 100%.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackgraph.discovery.scan import scan
from stackgraph.inference.sources import LANGUAGES, YAML_PROGRAMS
from stackgraph.model import Reference, Repo

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = re.compile(r"^unresolved(?: \[(?P<cands>[^\]]*)\])?(?: because (?P<why>.+))?$")
Item = tuple[str, str, str]  # (site, stack, rendered)
LANGS = ["python", "typescript", "javascript", "go", "csharp", "java", "fsharp", "yaml"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    mp = pytest.MonkeyPatch()
    mp.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        return scan(CORPUS)
    finally:
        mp.undo()


def language(site: str) -> str:
    file = site.rsplit(":", 1)[0]
    if file.rsplit("/", 1)[-1] in YAML_PROGRAMS:
        return "yaml"
    lang = LANGUAGES["." + file.rsplit(".", 1)[-1]]
    return "typescript" if lang == "tsx" else lang


def render(ref: Reference) -> str:
    if ref.resolved:
        assert ref.target is not None
        if ref.target_id:
            return ref.target_id
        t = ref.target
        return "~" + "/".join(p for p in (t.org, t.project, t.stack or "{stack}") if p)
    cands = f" [{', '.join(ref.candidates)}]" if ref.candidates else ""
    return f"unresolved{cands}"


def actual_items(repo: Repo) -> tuple[Counter[Item], dict[tuple[str, str], str]]:
    items: Counter[Item] = Counter()
    reasons: dict[tuple[str, str], str] = {}
    for ref in repo.references:
        stack = ref.stack or "project"
        items[(ref.site, stack, render(ref))] += 1
        reasons[(ref.site, stack)] = " | ".join(r for r in (reasons.get((ref.site, stack)), ref.reason) if r)
    for d in repo.diagnostics:
        if d.code == "not-imported":
            items[(f"{d.file}:{d.line}", "*", "ignored")] += 1
    return items, reasons


def expected_items(repo: Repo) -> tuple[Counter[Item], dict[tuple[str, str], str]]:
    items: Counter[Item] = Counter()
    whys: dict[tuple[str, str], str] = {}
    stacks = defaultdict(list)
    for s in repo.stacks:
        stacks[s.project_path].append(s.name)
    for project in repo.projects:
        path = CORPUS / project.path / "expect.yaml"
        if not path.is_file():
            continue
        labels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        prefix = "" if project.path == "." else project.path + "/"
        for label, per_stack in labels.items():
            if label in ("outputs", "reads_open"):
                continue
            file, _, at = label.rpartition(":")
            site = f"{posixpath.normpath(prefix + file)}:{at}"  # `../shared/x.ts:3`: a file outside the project
            for stack_key, values in per_stack.items():
                names = stacks[project.path] if stack_key == "*" else [stack_key]
                for value in values if isinstance(values, list) else [values]:
                    if value == "ignored":
                        items[(site, "*", "ignored")] += 1
                        continue
                    for name in names:
                        text = value.replace("{stack}", name) if stack_key == "*" else value
                        m = EXPECTED.match(text)
                        if m:
                            cands = f" [{m['cands']}]" if m["cands"] else ""
                            text = f"unresolved{cands}"
                            if m["why"]:
                                whys[(site, name)] = m["why"]
                        items[(site, name, text)] += 1
    return items, whys


def test_the_corpus_is_big_enough(repo: Repo) -> None:
    expected, _ = expected_items(repo)
    sites = {site for site, _, _ in expected}
    by_language = Counter(language(s) for s in sites)
    assert len(sites) >= 80, by_language
    assert set(by_language) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_precision_and_recall_are_100_percent(repo: Repo, lang: str) -> None:
    actual, _ = actual_items(repo)
    expected, _ = expected_items(repo)
    mine = Counter({k: v for k, v in actual.items() if language(k[0]) == lang})
    want = Counter({k: v for k, v in expected.items() if language(k[0]) == lang})
    matched = sum((mine & want).values())
    assert want, f"no labelled sites for {lang}"
    precision = matched / max(sum(mine.values()), 1)
    recall = matched / sum(want.values())
    wrong = sorted((mine - want).elements())
    missed = sorted((want - mine).elements())
    assert (precision, recall) == (1.0, 1.0), f"reported but not expected: {wrong}\nexpected but not reported: {missed}"


def test_unresolved_references_say_why(repo: Repo) -> None:
    _, reasons = actual_items(repo)
    _, whys = expected_items(repo)
    assert whys
    bad = {k: (why, reasons.get(k)) for k, why in whys.items() if why not in (reasons.get(k) or "")}
    assert bad == {}


def test_no_secret_value_leaks_into_references_or_evidence(repo: Repo) -> None:
    from stackgraph.render.scan_formats import render_json, render_text

    out = render_json(repo) + render_text(repo)
    assert "s3cr3t" not in out  # the plain text of every encrypted value in the corpus' stack files
    assert "AAABA" not in out  # their ciphertext prefix


def _site_labels(kind: str) -> dict[str, Any]:
    """The `kind:` labels of every expect.yaml of the corpus, by site (`folder/file:line`)."""
    want: dict[str, Any] = {}
    for path in sorted(CORPUS.rglob("expect.yaml")):
        labels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        prefix = path.parent.relative_to(CORPUS).as_posix()
        for label, value in (labels.get(kind) or {}).items():
            file, _, at = label.rpartition(":")
            want[f"{posixpath.normpath(prefix + '/' + file)}:{at}"] = value
    return want


def test_the_output_keys_read_are_recorded_per_site(repo: Repo) -> None:
    want: dict[str, list[str]] = _site_labels("outputs")
    assert {language(site) for site in want} == set(LANGS)  # every language records the keys it reads
    got = {site: sorted({key for r in repo.references if r.site == site for key in r.outputs}) for site in want}
    sites = {r.site for r in repo.references}
    assert all(site in sites for site in want), sorted(set(want) - sites)
    assert got == want


def test_the_sites_whose_reads_cannot_all_be_read_are_marked(repo: Repo) -> None:
    """`reads_open` labels: every site whose outputs are used where the scan cannot read them (passed on, a
    key computed at run time), with a part of the reason; and no other site."""
    want: dict[str, str] = _site_labels("reads_open")
    got = {r.site: r.reads_open for r in repo.references if r.reads_open}
    assert sorted(got) == sorted(want)
    assert {site: why for site, why in got.items() if want[site] not in why} == {}
