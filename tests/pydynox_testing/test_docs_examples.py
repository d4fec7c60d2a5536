"""Every example of the testing guide runs, the way its reader would run it, and the guide quotes them."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from tests.shared import QUIET

from pydynox import get_default_client
from pydynox.testing.memory import active_backends

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "testing"
GUIDE = ROOT / "docs" / "testing.md"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# Files that are a conftest.py, and the test file the guide runs beside each.
CONFTESTS = {"conftest_seed.py": "seeded_tests.py", "conftest_autouse.py": "autouse_tests.py"}
# How many tests each pytest-style example holds (so none is silently skipped).
TESTS = {
    "autouse_tests.py": 5,
    "basic_fixture.py": 3,
    "basic_fixture_sync.py": 3,
    "batch.py": 3,
    "conditions_atomic.py": 3,
    "context_manager.py": 2,
    "indexes.py": 4,
    "inspect_data.py": 3,
    "lambda_handler.py": 3,
    "pagination.py": 2,
    "query_scan.py": 5,
    "seed_data.py": 4,
    "seeded_tests.py": 2,
    "transactions.py": 3,
    "with_boto3.py": 2,
}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_every_example_is_accounted_for() -> None:
    assert sorted(path.name for path in SCRIPTS) == sorted([*TESTS, *CONFTESTS])


@pytest.mark.parametrize("name", sorted(TESTS))
def test_example_passes_under_pytest(pytester: pytest.Pytester, name: str) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    for conftest, tests in CONFTESTS.items():
        if tests == name:
            pytester.makeconftest((EXAMPLES / conftest).read_text(encoding="utf-8"))
    pytester.makepyfile(**{f"test_{Path(name).stem}": (EXAMPLES / name).read_text(encoding="utf-8")})
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=TESTS[name])


def test_context_manager_example_runs_as_a_script(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLES / "context_manager.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "Found: John" in out and "Tables: ['users']" in out and "All examples passed!" in out
    assert active_backends() == []
    assert get_default_client() is None


def test_guide_snippets_are_taken_from_the_examples() -> None:
    sources = [path.read_text(encoding="utf-8") for path in SCRIPTS]
    blocks = PYTHON_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 15
    for block in blocks:
        assert any(block in source for source in sources), f"testing.md: not in any example:\n{block}"


def test_guide_links_every_example() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for path in SCRIPTS:
        assert f"(examples/testing/{path.name})" in text, path.name
