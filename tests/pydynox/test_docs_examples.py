"""Every pydynox example runs (against fakedynamo), and the guide's snippets are taken from them."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from fakedynamo import Engine, mock_dynamodb
from fakedynamo.wire import botocore as hook
from fakedynamo.wire.http import running_server
from pydynox import clear_default_client

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "pydynox"
GUIDE = ROOT / "docs" / "pydynox" / "guide.md"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
# Engine operations an example needs beyond the item and table operations.
NEEDS = {
    "batch_and_transactions.py": ("BatchWriteItem", "BatchGetItem", "TransactWriteItems"),
    "client_api.py": ("Query",),
    "indexes.py": ("Query",),
    "query_and_scan.py": ("Query", "Scan"),
    "sync_twins.py": ("Query",),
}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    clear_default_client()


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize(
    "path",
    [pytest.param(path, id=path.name, marks=pytest.mark.engine_ops(*NEEDS.get(path.name, ()))) for path in SCRIPTS],
)
def test_example_runs_in_process(path: Path) -> None:
    with mock_dynamodb():
        runpy.run_path(str(path), run_name="__main__")
    clear_default_client()
    assert hook.active_engines == []


def test_quickstart_runs_against_the_server_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with running_server(Engine()) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example")
        runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
        assert server.engine.execute("ListTables", {})["TableNames"] == ["users"]
    clear_default_client()


def test_guide_snippets_are_taken_from_the_examples() -> None:
    sources = [path.read_text(encoding="utf-8") for path in SCRIPTS]
    blocks = PYTHON_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    for block in blocks:
        assert any(block in source for source in sources), f"guide.md: not in any example:\n{block}"


def test_guide_links_every_example() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for path in SCRIPTS:
        assert f"../examples/pydynox/{path.name}" in text, path.name
