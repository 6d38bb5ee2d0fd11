"""Golden outputs used by more than one test module."""

MERMAID_SMALL = (
    "flowchart TD\n"
    '  subgraph g0["dev"]\n'
    '    s1["app/dev"]\n'
    '    s3["net/dev"]\n'
    "  end\n"
    '  subgraph g1["prod"]\n'
    '    s2["app/prod"]\n'
    '    s4["net/prod"]\n'
    "  end\n"
    '  s0["acme/shared/prod (external)"]\n'
    "  s3 --> s1\n"
    "  s0 --> s2\n"
    "  s4 --> s2\n"
    "  classDef external stroke-dasharray: 5 5,color:#555555\n"
    "  classDef dangling fill:#ffe9e6,stroke:#c0392b,stroke-width:2px\n"
    "  class s0 external\n"
)
