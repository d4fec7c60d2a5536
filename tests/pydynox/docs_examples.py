"""The pydynox guide's example scripts, and what each needs to run (shared by the tests that run them).

``tests/pydynox/test_docs_examples.py`` runs every script; ``tests/test_powers_hostile.py``
runs those that need only fakedynamo again, with short pages and unprocessed batches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "pydynox"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# Examples that talk to S3 or KMS (moto answers them), and what they expect to find there.
ON_MOTO = {"encryption.py", "s3_attribute.py"}
MOTO_BUCKET = "app-documents"
MOTO_KEY_ALIAS = "alias/customer-data"
# Examples that bring their own backend (pydynox.testing.MemoryBackend).
OWN_BACKEND = {"testing_your_code.py"}
# Examples that read one page on purpose: a model's execute_statement has no next_token (as in 1.8).
ONE_PAGE = {"partiql.py"}

def on_fakedynamo_alone(short_pages: bool = False) -> list[Any]:
    """The examples that need nothing but fakedynamo, as test parameters.

    With `short_pages`, those that stay right when every page is cut short: not the `ONE_PAGE` ones.
    """
    left_out = ON_MOTO | OWN_BACKEND | (ONE_PAGE if short_pages else set())
    kept = [path for path in SCRIPTS if path.name not in left_out]
    return [pytest.param(path, id=path.name) for path in kept]
