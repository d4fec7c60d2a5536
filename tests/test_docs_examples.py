"""The documentation's examples run, and the guide's snippets are taken from them."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from fakedynamo.wire import botocore as hook

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples" / "fakedynamo"
SCRIPTS = sorted(path for path in EXAMPLES.glob("*.py") if not path.name.startswith("pytest_"))
PYTEST_FILES = sorted(EXAMPLES.glob("pytest_*.py"))
NEEDS = re.compile(r"^# needs: (\S+)$", re.M)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(markdown: Path) -> list[str]:
    return PYTHON_BLOCK.findall(markdown.read_text(encoding="utf-8"))


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 5 and PYTEST_FILES


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_example_script_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in NEEDS.findall(path.read_text(encoding="utf-8")):  # an optional library the example shows
        pytest.importorskip(module)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    runpy.run_path(str(path), run_name="__main__")
    assert hook.active_engines == [], "the example left a mock active"


@pytest.mark.parametrize("path", PYTEST_FILES, ids=lambda path: path.name)
def test_pytest_example_passes(path: Path, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    source = path.read_text(encoding="utf-8")
    pytester.makepyfile(**{f"test_{path.stem}": source})
    result = pytester.runpytest(
        "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:asyncio", "-p", "no:hypothesispytest", "-p", "no:benchmark"
    )
    result.assert_outcomes(passed=source.count("\ndef test_"))


# The fakedynamo pages; the pydynox and testing guides check their own examples.
FAKEDYNAMO_PAGES = sorted([*DOCS.glob("fakedynamo*.md"), DOCS / "index.md"])


@pytest.mark.parametrize("markdown", FAKEDYNAMO_PAGES, ids=lambda path: path.name)
def test_guide_snippets_are_taken_from_the_examples(markdown: Path) -> None:
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.py")]
    for block in python_blocks(markdown):
        assert any(block in source for source in sources), f"{markdown.name}: not in any example:\n{block}"
