"""The TypeScript and JavaScript front-end (also TSX), on the tree-sitter grammars (see finder.py)."""

from stackgraph.inference.frontends.typescript.finder import TypeScriptFinder, find

__all__ = ["TypeScriptFinder", "find"]
