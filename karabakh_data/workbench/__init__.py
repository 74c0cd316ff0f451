"""The coder's workbench: tools for coding a new document, on top of the build.

`add_source.py` registers a text and writes its records file's skeleton
(`karabakh-data add-source`); `drafting/` proposes the text's records for a
coder to review (`karabakh-data draft`); `coverage.py` lists the sentences no
record quotes and no exclusion explains (`karabakh-data coverage`);
`agreement.py` measures how far two independent codings agree
(`karabakh-data agreement`, Krippendorff's alpha). They read raw/ as the
build does (build/'s reader and rules); the build never imports them.
"""
