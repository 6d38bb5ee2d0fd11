"""The pieces every stackgraph HTML page shares: the shell, assets, safe embedding of data and SVG."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

from stackgraph.files import shown_json

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
"""No request of any kind leaves the page: no script, style, image, font or fetch from anywhere."""

_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


def asset(name: str) -> str:
    """Return the text of a file in this package's assets/ folder."""
    return resources.files(__package__).joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def json_script(data: Any, element_id: str) -> str:
    """`data` as a `<script type="application/json">` element; no `</script>` or `<!--` can end it early."""
    text = shown_json(json.dumps(data, ensure_ascii=True, separators=(",", ":")))
    text = re.sub(r"[<>&]", lambda m: _JSON_UNSAFE[m.group(0)], text)
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def inline_svg(svg: bytes | str) -> str:
    """Graphviz's SVG without its XML prolog, doctype and comments (they name the Graphviz version)."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document")
    return _COMMENT.sub("", text[start:]).strip()


def page(title: str, body: str, *, body_class: str = "") -> str:
    """A whole HTML document around `body` (which is trusted markup: escape data before)."""
    cls = f' class="{body_class}"' if body_class else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="stackgraph">\n<title>{html.escape(title)}</title>\n'
        f"<style>\n{asset('page.css')}</style>\n</head>\n<body{cls}>\n{body}\n</body>\n</html>\n"
    )


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)
