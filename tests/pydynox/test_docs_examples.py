"""Every pydynox example runs (against fakedynamo), and the guide's pages quote them.

The guide is ``docs/pydynox/``, a page per feature; its snippets are cut from
the scripts in ``docs/examples/pydynox/``. Each script runs here as
``__main__`` inside ``fakedynamo.mock_dynamodb()``; the S3 and KMS ones also
inside moto's ``mock_aws()``, which answers those services. Which script
needs what is in ``tests/pydynox/docs_examples.py``.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from typing import Any

import pytest

try:  # at import, before any botocore session is made: moto hooks only into sessions made after it
    import moto
except ImportError:  # pragma: no cover - moto is in the test extra
    moto = None

from fakedynamo import Engine, mock_dynamodb
from fakedynamo.wire import botocore as hook
from fakedynamo.wire.http import running_server
from pydynox import clear_default_client
from tests.pydynox.docs_examples import (
    EXAMPLES,
    MOTO_BUCKET,
    MOTO_KEY_ALIAS,
    ON_MOTO,
    ONE_PAGE,
    OWN_BACKEND,
    SCRIPTS,
)

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "pydynox"
PAGES = sorted(GUIDE.glob("*.md"))
# Engine operations an example needs beyond the item and table operations.
NEEDS = {
    "batches.py": ("BatchWriteItem", "BatchGetItem"),
    "client_api.py": ("Query",),
    "conditions.py": ("Scan",),
    "generated_values.py": ("Query",),
    "indexes.py": ("Query",),
    "inheritance.py": ("Scan",),
    "metrics.py": ("Scan",),
    "multi_attribute_index.py": ("Query",),
    "partiql.py": ("ExecuteStatement",),
    "query_and_scan.py": ("Query", "Scan"),
    "single_table.py": ("Query",),
    "sync_twins.py": ("Query",),
    "transactions.py": ("TransactWriteItems", "TransactGetItems"),
    "vector_search.py": ("SearchVectors",),
}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    clear_default_client()


def example_param(path: Path) -> Any:
    """`path` as a test parameter: skipped while the engine lacks an operation it needs."""
    return pytest.param(path, id=path.name, marks=[pytest.mark.engine_ops(*NEEDS.get(path.name, ()))])


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 30
    assert {*NEEDS, *ON_MOTO, *OWN_BACKEND, *ONE_PAGE} <= {path.name for path in SCRIPTS}


@pytest.mark.parametrize("path", [example_param(path) for path in SCRIPTS])
def test_example_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if path.name in OWN_BACKEND:
        runpy.run_path(str(path), run_name="__main__")
    elif path.name in ON_MOTO:
        run_with_moto(path, monkeypatch)
    else:
        with mock_dynamodb():
            runpy.run_path(str(path), run_name="__main__")
    clear_default_client()
    assert hook.active_engines == []


def run_with_moto(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto answers S3 and KMS (with the bucket and key the examples name), fakedynamo DynamoDB."""
    if moto is None:
        pytest.skip("moto is not installed")
    import boto3

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with moto.mock_aws(), mock_dynamodb():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=MOTO_BUCKET)
        kms = boto3.client("kms", region_name="us-east-1")
        kms.create_alias(AliasName=MOTO_KEY_ALIAS, TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
        runpy.run_path(str(path), run_name="__main__")


def test_the_moto_examples_name_the_bucket_and_key_made_for_them() -> None:
    assert f'BUCKET = "{MOTO_BUCKET}"' in (EXAMPLES / "s3_attribute.py").read_text(encoding="utf-8")
    assert f'KEY = "{MOTO_KEY_ALIAS}"' in (EXAMPLES / "encryption.py").read_text(encoding="utf-8")


def test_quickstart_runs_against_the_server_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with running_server(Engine()) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example")
        runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
        assert server.engine.execute("ListTables", {})["TableNames"] == ["users"]
    clear_default_client()


# The pages: snippets cut from the examples, every example shown, every page reachable.


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_snippets_are_taken_from_the_examples(page: Path) -> None:
    sources = [path.read_text(encoding="utf-8") for path in SCRIPTS]
    for block in PYTHON_BLOCK.findall(page.read_text(encoding="utf-8")):
        assert any(block in source for source in sources), f"{page.name}: not in any example:\n{block}"


def test_every_feature_page_shows_code() -> None:
    assert len(PAGES) >= 30
    for page in PAGES:
        if page.name != "index.md":
            assert PYTHON_BLOCK.search(page.read_text(encoding="utf-8")), page.name


def test_every_example_is_linked_from_a_page() -> None:
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    for path in SCRIPTS:
        assert f"../examples/pydynox/{path.name}" in text, path.name


def test_the_index_links_every_page() -> None:
    linked = set(MARKDOWN_LINK.findall((GUIDE / "index.md").read_text(encoding="utf-8")))
    assert {page.name for page in PAGES if page.name != "index.md"} <= linked


def test_the_mkdocs_nav_lists_every_page() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES:
        assert f" pydynox/{page.name}\n" in nav, page.name
