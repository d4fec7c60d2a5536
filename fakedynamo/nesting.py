"""How deeply the expression and PartiQL parsers let parentheses, functions and NOTs nest.

DynamoDB refuses every expression nested deeper than a few hundred levels
for a reason of its own: ScyllaDB's Alternator tests (test_limits.py, run
against DynamoDB) record 2046 nested parentheses as "The expression has
redundant parentheses;", 1000 NOTs and 454 nested ORs as "too many operators"
(300 at most), 1355 nested calls as "Invalid function name". The deepest
expression it accepts nests about 300 levels (one operator each). So the
parsers stop at `MAX_NESTING`, past anything DynamoDB accepts, and answer a
syntax error there; and the recursion they and the evaluators need for that
depth is made available, so no RecursionError can escape.
"""

from __future__ import annotations

import sys

MAX_NESTING = 400

# Python frames per level of nesting (parser, compiler walks, evaluation), with room for the caller's.
_FRAMES = 12 * MAX_NESTING + 1000


def make_room(text: str) -> None:
    """Raise the interpreter's recursion limit (never lowered) if `text` may nest deeply."""
    if len(text) > 200 and sys.getrecursionlimit() < _FRAMES:
        sys.setrecursionlimit(_FRAMES)
