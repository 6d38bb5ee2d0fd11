"""The Python front-end: the standard `ast` parser, never running anything (see finder.py)."""

from stackgraph.inference.frontends.python.finder import PythonFinder, find

__all__ = ["PythonFinder", "find"]
