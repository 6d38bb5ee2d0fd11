"""One front-end per language: each parses a file and returns its `ir.FileFacts`, through `find(text, file)`.

`treesitter.TSFinder` is the base of the tree-sitter front-ends (TypeScript/JavaScript, Go, C#, Java, F#);
Python uses the standard `ast` module, YAML programs the YAML loader. `sources.finder` picks one by language
and imports its module only when a file of that language is parsed.
"""
