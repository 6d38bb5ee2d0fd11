"""One cache store for every cache of stackgraph (see store.py), and the caches built on it.

- `store`: where caches live (`cache_dir`), atomic writes, least-recently-used pruning, code digests;
- `fingerprint`: stat data of what a result depends on, with git's "racy" rule, and `ReadLog`, the
  files read outside the walk (by inference), recorded as they are read;
- `values`: secrets masked before anything is stored (`secure:` values never reach a cache file);
- `files`: project and stack files read (FileCache), `results`: whole scan results and their renderings
  (ResultCache). The parse cache of program facts is `stackgraph.inference.cache`, on the same store.

A cache problem (unreadable, corrupt, unwritable) never fails a command: it only costs time.
"""
