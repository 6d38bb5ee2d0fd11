"""Read `Pulumi.yaml` project files and `Pulumi.<stack>.yaml` stack files into the model.

Errors are `InputError`s naming the file and line. `secure:` values are replaced by
`SECRET` as they are read: only their keys are kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from stackgraph import yamlio
from stackgraph.discovery.walk import PROJECT_FILES
from stackgraph.errors import InputError
from stackgraph.model import SECRET, Declared, Project, Stack

NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
STACK_FILE_RE = re.compile(r"^Pulumi\.(?P<stack>.+)(?P<ext>\.ya?ml|\.json)$")
"""A stack file of any project; a project reads those with its project file's extension only (`stack_files`)."""
DEPENDS_ON = "stackgraph:dependsOn"
TAGS = "stackgraph:tags"


def mask_secrets(value: Any, path: str, found: list[str]) -> Any:
    """Return `value` with every `{secure: ...}` replaced by SECRET, collecting the key paths."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            found.append(path)
            return SECRET
        return {str(k): mask_secrets(v, f"{path}.{k}", found) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


def _runtime(data: Mapping[str, Any], doc: yamlio.YamlDoc, rel: str) -> tuple[str, Mapping[str, Any]]:
    runtime = data.get("runtime")
    if runtime is None:
        raise InputError("missing 'runtime' (for example `runtime: python`); add it", file=rel)
    if isinstance(runtime, str) and runtime:
        return runtime, {}
    if isinstance(runtime, dict):
        name = runtime.get("name")
        options = runtime.get("options") or {}
        if isinstance(name, str) and name and isinstance(options, dict):
            return name, options
    raise InputError(
        "'runtime' must be a name or a mapping with 'name' (and 'options'); fix its type",
        file=rel,
        line=doc.line_of("runtime"),
    )


def _opt_str(data: Mapping[str, Any], key: str, doc: yamlio.YamlDoc, rel: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"'{key}' must be a string, not {_type(value)}; fix its type", file=rel, line=doc.line_of(key))


def _type(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def project_file(root: Path, folder: str, names: Collection[str] | None = None) -> tuple[Path, str]:
    """Return the path of the project file in `folder` and its name relative to `root`; `names`: the files the
    walk found in `folder` (else the folder is asked)."""
    base = root / folder
    if names is not None:
        name = next((n for n in PROJECT_FILES if n in names), PROJECT_FILES[-1])
    else:
        name = next((n for n in PROJECT_FILES if (base / n).is_file()), PROJECT_FILES[-1])
    return base / name, name if folder == "." else f"{folder}/{name}"


PLACEHOLDER_RE = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\[\[.*?\]\]|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%")
"""A template placeholder: `${PROJECT}`, `{{ .Name }}`, `{% name %}`, `<%= name %>`, `[[name]]`, `$NAME`, `%NAME%`."""


class DeploymentSettings(Exception):
    """The file is a stack's deployment settings (`Pulumi.<stack>.deploy.yaml`, which `pulumi deployment settings`
    writes beside the stack file): `settings:` and none of a stack file's keys. No stack of its own (read as one, it
    was a stack `<stack>.deploy` to deploy). Carries the file's relative path."""


DEPLOY_SUFFIX = ".deploy"
STACK_FILE_KEYS = frozenset({"config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt"})
"""The keys of a stack file (Pulumi's ProjectStack): a `.deploy` file holding one of them is read as a stack."""


class TemplateProject(Exception):
    """The project file is a template (its `name` is a placeholder such as `${PROJECT}` or `{{ name }}`):
    nothing to deploy as it stands. Carries the file's relative path. A `template:` section alone (config
    descriptions for `pulumi new`, in Pulumi's own examples and everything copied from them) is no template."""


def read_project(root: Path, folder: str, text: str | None = None, names: Collection[str] | None = None) -> Project:
    """Read the project file in `folder` (relative to `root`); `text`, when given, is its content; `names`, the
    files the walk found in `folder`."""
    path, rel = project_file(root, folder, names)
    doc = yamlio.load(path, rel) if text is None else yamlio.loads(text, rel)
    data = doc.data
    if not isinstance(data, dict):
        raise InputError("a project file must be a mapping with 'name' and 'runtime'; fix its content", file=rel)
    pname = data.get("name")
    if isinstance(pname, str) and PLACEHOLDER_RE.search(pname):
        raise TemplateProject(rel)
    if pname is None:
        raise InputError("missing 'name' (the project name); add it", file=rel)
    if not isinstance(pname, str) or not NAME_RE.match(pname):
        raise InputError(
            f"invalid project name {pname!r}: use letters, digits, '_', '.' and '-' (at most 100)",
            file=rel,
            line=doc.line_of("name"),
        )
    runtime, options = _runtime(data, doc, rel)
    config_raw = data.get("config") or {}
    config_dir = _opt_str(data, "stackConfigDir", doc, rel)
    if isinstance(config_raw, str):  # Pulumi's older, still accepted form: the folder of the stack files
        if config_dir is not None:
            raise InputError(
                "'config' names a folder and 'stackConfigDir' is set too (Pulumi refuses both); keep stackConfigDir",
                file=rel,
                line=doc.line_of("config"),
            )
        config_dir, config_raw = config_raw, {}
    if config_dir is not None and config_dir.startswith("/"):  # Pulumi joins it to the project folder all the same
        config_dir = config_dir.lstrip("/") or "."  # (Go's filepath.Join): `/config` is the project's `config/`
    if not isinstance(config_raw, dict):
        raise InputError(f"'config' must be a mapping, not {_type(config_raw)}", file=rel, line=doc.line_of("config"))
    config = mask_secrets(config_raw, "", [])
    declared = data.get("configuration") if runtime == "yaml" else None
    if isinstance(declared, dict):  # the YAML runtime's own declarations: `configuration: {key: {default: x}}`
        for key, spec in declared.items():
            if isinstance(spec, dict) and "default" in spec and str(key) not in config:
                config[str(key)] = mask_secrets({"default": spec["default"]}, "", [])
    depends_on = _declared(_project_value(config, DEPENDS_ON, pname), doc, rel, ("config", DEPENDS_ON))
    tags = _tags(_project_value(config, TAGS, pname), doc, rel, ("config", TAGS))
    return Project(
        name=pname,
        path=folder,
        file=rel,
        runtime=runtime,
        runtime_options=options,
        main=_opt_str(data, "main", doc, rel),
        stack_config_dir=config_dir,
        description=_opt_str(data, "description", doc, rel),
        config=config,
        depends_on=depends_on or (),
        tags=tags or (),
        backend_url=_backend_url(data, doc, rel),
        second_document=doc.rest,
    )


def _backend_url(data: Mapping[str, Any], doc: yamlio.YamlDoc, rel: str) -> str | None:
    """`backend: {url: ...}`: the backend the project's stacks live in (it decides what a stack name means)."""
    backend = data.get("backend")
    if backend is None:
        return None
    url = backend.get("url") if isinstance(backend, dict) else backend
    if url is None or (isinstance(url, str) and url):
        return url
    raise InputError(
        "'backend' must be a mapping with 'url' (for example `url: s3://my-state`); fix its type",
        file=rel,
        line=doc.line_of("backend"),
    )


def _project_value(config: Mapping[str, Any], key: str, project: str) -> Any:
    """Return the value of a project config key, unwrapping `{value: ...}` / `{default: ...}`."""
    value = config.get(key)
    if isinstance(value, dict):
        for k in ("value", "default"):
            if k in value:
                return value[k]
        return None
    return value


def _declared(value: Any, doc: yamlio.YamlDoc, rel: str, path: tuple[str, ...]) -> tuple[Declared, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(
            f"'{DEPENDS_ON}' must be a list of stack ids like `networking/prod`; fix its type",
            file=rel,
            line=doc.line_of(*path),
        )
    lines = [_item_line(doc, path, i) for i in range(len(value))]
    return tuple(Declared(v.strip(), rel, line) for v, line in zip(value, lines, strict=True))


def _item_line(doc: yamlio.YamlDoc, path: tuple[str, ...], i: int) -> int | None:
    subs: tuple[tuple[str | int, ...], ...] = ((*path, i), (*path, "value", i), (*path, "default", i), path)
    for sub in subs:
        line = doc.line_of(*sub)
        if line is not None:
            return line
    return None


def _tags(value: Any, doc: yamlio.YamlDoc, rel: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and NAME_RE.match(v) for v in value):
        raise InputError(
            f"'{TAGS}' must be a list of names (letters, digits, '_', '.', '-'); fix it",
            file=rel,
            line=doc.line_of(*path),
        )
    return tuple(sorted(set(value)))


def stack_folder(root: Path, project: Project) -> str | None:
    """The folder `stackConfigDir` names (relative to `root`, links resolved), or None without one; raises
    `InputError` when it leads outside `root`."""
    if not project.stack_config_dir:
        return None
    target = (root / project.path / project.stack_config_dir).resolve()
    try:
        return target.relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        raise InputError(
            f"'stackConfigDir' {project.stack_config_dir!r} leads outside the scanned folder; "
            "scan a folder that contains it",
            file=project.file,
        ) from None


def stack_ext(project: Project) -> str:
    """The extension of the stack files `project` reads: its project file's (`.yaml`, `.yml`, `.json`)."""
    return "." + project.file.rpartition(".")[2]


def stack_files(folder: str, names: Iterable[str], ext: str = ".yaml") -> list[tuple[str, str]]:
    """Return `(stack name, relative file)` for every stack file among `names`, the files of `folder` (the
    project's, or its `stackConfigDir`), sorted by name. `ext`: the extension of the project file (`.yaml`,
    `.yml`, `.json`): Pulumi reads `Pulumi.<stack><ext>` only (`Pulumi.dev.yaml` beside `Pulumi.yml` is not read).
    A file whose stack part is no stack name (`Pulumi.dev copy 2.yaml`) is left out: Pulumi never selects such a
    stack, so never reads the file (unread.py names it)."""
    out: list[tuple[str, str]] = []
    for name in names:
        m = STACK_FILE_RE.match(name)
        if not m or m.group("ext") != ext:
            continue
        rel = name if folder == "." else f"{folder}/{name}"
        stack = m.group("stack")
        if NAME_RE.match(stack):  # else no stack Pulumi can select: skipped with a warning (unread.py)
            out.append((stack, rel))
    return sorted(out)


def deployment_settings(name: str, data: object) -> bool:
    """Whether the file of stack `name` holding `data` is one `pulumi deployment settings` writes
    (`Pulumi.<stack>.deploy.yaml`: `settings:` and none of a stack file's keys), not a stack."""
    return (
        name.endswith(DEPLOY_SUFFIX)
        and isinstance(data, dict)
        and "settings" in data
        and not (STACK_FILE_KEYS.intersection(data))
    )


def read_stack(root: Path, project: Project, name: str, rel: str, text: str | None = None) -> Stack:
    """Read one stack file; `text`, when given, is its content."""
    doc = yamlio.load(root / rel, rel) if text is None else yamlio.loads(text, rel)
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("a stack file must be a mapping (with 'config:'); fix its content", file=rel)
    if deployment_settings(name, data):
        raise DeploymentSettings(rel)
    config_raw = data.get("config") or {}
    if not isinstance(config_raw, dict):
        raise InputError(
            f"'config' must be a mapping, not {_type(config_raw)}; fix its type", file=rel, line=doc.line_of("config")
        )
    secure: list[str] = []
    config = {str(k): mask_secrets(v, str(k), secure) for k, v in config_raw.items()}
    return Stack(
        project=project.name,
        name=name,
        file=rel,
        project_path=project.path,
        config=config,
        secure_keys=tuple(sorted(secure)),
        environment=_environment(data.get("environment"), doc, rel),
        environment_line=doc.line_of_key("environment") if data.get("environment") is not None else None,
        depends_on=_declared(config.get(DEPENDS_ON), doc, rel, ("config", DEPENDS_ON)),
        tags=_tags(config.get(TAGS), doc, rel, ("config", TAGS)),
        second_document=doc.rest,
    )


def defined_twice(first: Stack, second: Stack) -> str:
    """One line for a stack id two projects or stack files make: both files, and the `exclude:` line that leaves
    one out. A stack `--env` made up for a project with no stack file (`from_env`) is named by its Pulumi.yaml."""
    here = " (made up by --env: this project has no stack file)" if second.from_env else ""
    there = " (made up by --env as well)" if first.from_env else ""
    where = f"{second.file}: stack '{second.id}' is defined twice, here{here} and in {first.file}{there}; "
    if first.project_path == second.project_path:
        return where + "delete one of the two files"
    rename = "rename one of the projects" + ("" if first.from_env and second.from_env else " or stacks")
    folder = second.project_path
    if folder == ".":
        return where + rename
    pattern = folder if "/" in folder else f"/{folder}"
    return where + f'{rename}, or leave this folder out: `exclude: ["{pattern}"]` in stackgraph.yaml'


def _environment(value: Any, doc: yamlio.YamlDoc, rel: str) -> tuple[str, ...]:
    """Return the ESC environments a stack file imports (`environment: [..]` or `{imports: [..]}`).

    An entry is a name, or a name with ESC import options (`- base: {merge: false}`). Raises InputError naming
    the line of any other entry (a mapping, a boolean...): it is neither dropped nor turned into text.
    """
    if value is None:
        return ()
    path: tuple[str, ...] = ("environment",)
    if isinstance(value, dict):
        value, path = value.get("imports") or [], ("environment", "imports")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise InputError(
            "'environment' must be a list of ESC environment names; fix its type",
            file=rel,
            line=doc.line_of(*path),
        )
    names = []
    for i, entry in enumerate(value):
        if isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), dict | None):
            entry = next(iter(entry))  # `- base: {merge: false}`: an import with options (ESC)
        names.append(entry)
        if not isinstance(entry, str) or not entry:
            kind = "empty" if entry == "" else _type(entry) if entry is not None else "empty (null)"
            raise InputError(
                f"{'.'.join(path)}: entry {i + 1} is {kind}; write the environment's name",
                file=rel,
                line=doc.line_of(*path, i) or doc.line_of(*path),
            )
    return tuple(names)
