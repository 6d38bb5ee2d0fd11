"""Which kind of Pulumi backend a project's program runs against: it decides what a stack name means.

Established with the real engine (a file backend) and from Pulumi's source (`diy` and `httpstate`
backends, `ParseStackReference`):

- Pulumi Cloud (`https://...`): `stack`, `org/stack` (the current project's stack in organization
  `org`) and `org/project/stack`;
- a self-managed ("DIY") backend (`file://`, `s3://`, `gs://`, `azblob://`, and the embedded one
  stackgraph uses when nothing is configured): the same shapes, but the organization is always the literal
  word `organization`. `organization/stack` is the current project's stack; `net/dev` is NOT project
  `net`'s stack `dev`: the engine fails on it with "organization name must be 'organization'".

The backend of a project is the one the Pulumi CLI would use: `$PULUMI_BACKEND_URL`, else the project's
`backend.url` in Pulumi.yaml, else the current backend of `pulumi login` (credentials.json), else Pulumi
Cloud when `$PULUMI_ACCESS_TOKEN` is set. With none of these the scan cannot know where the stacks live
(a plan job in CI often has no credentials at all): names are then read by Pulumi Cloud's rule, and
`organization` (the self-managed backends' one organization, and that of stackgraph's embedded backend)
is accepted as this repository's organization as well.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

DIY_ORG = "organization"
DIY_SCHEMES = ("file://", "s3://", "gs://", "azblob://")
EMBEDDED = "file://"
"""Stands for stackgraph's embedded backend (`file://<root>/.stackgraph/state`), used by the deploy commands
when nothing else is configured."""


def is_diy(url: str | None) -> bool:
    """True for a self-managed backend URL (file, S3, GCS, Azure Blob); False for Pulumi Cloud or None."""
    return url is not None and url.lower().startswith(DIY_SCHEMES)


def kind(url: str | None) -> str:
    """'diy', 'cloud', or 'unset' (nothing configured)."""
    return "unset" if url is None else "diy" if is_diy(url) else "cloud"


def default_backend(environ: Mapping[str, str] | None = None) -> str | None:
    """The backend URL of a project that names none in Pulumi.yaml; None when nothing is configured."""
    environ = os.environ if environ is None else environ
    if environ.get("PULUMI_BACKEND_URL"):
        return environ["PULUMI_BACKEND_URL"]
    current = _logged_in(environ)
    if current:
        return current
    if environ.get("PULUMI_ACCESS_TOKEN"):
        return "https://api.pulumi.com"
    return None


def project_backend(project_url: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The backend URL a project's program runs against: `$PULUMI_BACKEND_URL` first, then its own `backend.url`."""
    environ = os.environ if environ is None else environ
    if environ.get("PULUMI_BACKEND_URL"):
        return environ["PULUMI_BACKEND_URL"]
    return project_url or default_backend(environ)


def _logged_in(environ: Mapping[str, str]) -> str | None:
    """The current backend of `pulumi login`, from credentials.json, if any."""
    folder = environ.get("PULUMI_CREDENTIALS_PATH") or environ.get("PULUMI_HOME")
    home = Path(folder) if folder else Path(environ.get("HOME", str(Path.home()))) / ".pulumi"
    try:
        data = json.loads((home / "credentials.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    current = data.get("current") if isinstance(data, dict) else None
    return current if isinstance(current, str) and current else None
