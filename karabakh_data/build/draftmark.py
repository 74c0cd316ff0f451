"""The draft mark: a block written by `karabakh-data draft` carries `draft:` until a coder has reviewed it.

The build refuses a marked block with a message that says it is a draft and
how to accept it (delete the line), and still validates the rest of the
block, so the coder sees every other problem of the record in the same run.
"""

from __future__ import annotations

from .problems import Problem
from .rawio import Located

MARK = "draft"


def unmark(item: Located, display: str, prefix: str, problems: list[Problem]) -> Located:
    """item without its draft mark (a problem recorded if it had one); item itself when unmarked."""
    if not isinstance(item, Located) or MARK not in item:
        return item
    problems.append(
        Problem(
            display,
            item.line_of(MARK),
            f"{prefix}.{MARK}",
            "draft record proposed by `karabakh-data draft`, not yet reviewed: check every field against "
            "the text and the codebook, then delete its `draft:` line to accept it",
        )
    )
    copy = Located((k, v) for k, v in item.items() if k != MARK)
    copy.line, copy.key_lines = item.line, item.key_lines
    if hasattr(item, "item_lines"):
        copy.item_lines = item.item_lines
    return copy
