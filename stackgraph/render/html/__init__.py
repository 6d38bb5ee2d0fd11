"""Self-contained HTML pages: the interactive graph (`graph -f html`) and the run report (`report`).

Pages hold everything they show (inline SVG laid out by Graphviz, inline CSS and our own
small script, the data as JSON) and a Content-Security-Policy that forbids any request,
so they open offline and never call out. Same input, same bytes.
"""
