"""Static typing of the user-facing API: `mypy --strict` on a realistic user module.

`typing_example.py` is checked once (one mypy run, its cache in a temporary
directory) and must give no error; its ``reveal_type`` notes show what a
user's type checker sees. The module also runs, so it stays honest code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fakedynamo
import pydynox
from tests.pydynox import typing_example

EXAMPLE = Path(typing_example.__file__)

# reveal_type lines of typing_example.revealed(), in order.
EXPECTED = [
    "typing_example.User | None",  # User.sync_get(...)
    "typing_example.User | None",  # await User.get(...)
    "str | None",  # user.name (as upstream types it: None until set)
    "pydynox.attributes.primitives.StringAttribute",  # User.name, for conditions and updates
    "pydynox._model_query.ModelQueryResult[typing_example.User]",
    "typing_example.User | None",  # sync_query(...).first()
    "typing_example.User | None",  # await query(...).first()
    "pydynox._model_query.ModelScanResult[dict[str, Any]]",  # as_dict=True
    "list[typing_example.User]",  # sync_batch_get
    "list[typing_example.User]",  # await batch_get
    "typing_example.User",  # from_dict
    "pydynox.indexes.GSIQueryResult[typing_example.User]",  # a GSI declared without annotation
    "float | None",  # NumberAttribute
    "typing_example.Plan | None",  # EnumAttribute(Plan)
    "datetime.datetime | None",  # DatetimeAttribute
    "dict[str, Any] | None",  # MapAttribute without a model class
]


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[str]]:
    pytest.importorskip("mypy.api", reason="mypy is not installed")
    workdir = tmp_path_factory.mktemp("mypy")
    (workdir / "mypy.ini").write_text("[mypy]\n")  # not the project's settings: a user's plain --strict
    example = workdir / "typing_example.py"
    example.write_text(EXAMPLE.read_text())
    # The pydynox and fakedynamo being tested, whichever checkout they come from.
    search = os.pathsep.join(str(Path(module.__file__).parent.parent) for module in (pydynox, fakedynamo))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(workdir / "mypy.ini"),
            "--cache-dir",
            str(workdir / "cache"),
            # Errors inside pydynox are the package's business; the user module is what is judged.
            "--follow-imports=silent",
            "--no-error-summary",
            "typing_example.py",
        ],
        cwd=workdir,
        env={**os.environ, "MYPYPATH": search},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.returncode, (run.stdout + run.stderr).splitlines()


def test_a_user_module_passes_mypy_strict(mypy_output: tuple[int, list[str]]) -> None:
    status, lines = mypy_output
    errors = [line for line in lines if ": error:" in line]
    assert errors == [] and status == 0, "\n".join(lines)


def _plain(revealed: str) -> str:
    """Older mypy (1.11, say) writes "Union[builtins.str, None]" where newer ones write "str | None"."""
    revealed = revealed.replace("builtins.", "")
    if revealed.startswith("Union[") and revealed.endswith("]"):
        parts, depth, start = [], 0, len("Union[")
        for at, char in enumerate(revealed[start:-1], start):
            depth += {"[": 1, "]": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append(revealed[start:at].strip())
                start = at + 1
        revealed = " | ".join([*parts, revealed[start:-1].strip()])
    return revealed


def test_reads_are_typed_by_the_model_and_its_attributes(mypy_output: tuple[int, list[str]]) -> None:
    _, lines = mypy_output
    revealed = [_plain(match.group(1)) for line in lines if (match := re.search(r'Revealed type is "(.*)"', line))]
    assert revealed == EXPECTED


def test_the_example_runs() -> None:
    typing_example.test_with_memory_backend()


def test_the_typing_costs_nothing_at_run_time() -> None:
    from pydynox.attributes import StringAttribute
    from pydynox.indexes import GlobalSecondaryIndex

    # No descriptor at run time: an instance's values are read from its __dict__ directly.
    assert not hasattr(StringAttribute, "__get__") and not hasattr(StringAttribute, "__set__")
    assert not hasattr(GlobalSecondaryIndex, "__get__")
