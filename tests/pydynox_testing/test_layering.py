"""The arrows of the design: pydynox never imports fakedynamo; pydynox.testing uses only its public API."""

from __future__ import annotations

import ast
from pathlib import Path

import fakedynamo
import pydynox

PACKAGE = Path(pydynox.__file__).parent
PUBLIC = set(fakedynamo.__all__)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", [alias.name for alias in node.names]))
    return found


def test_pydynox_outside_testing_never_imports_fakedynamo() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "testing" in path.relative_to(PACKAGE).parts:
            continue
        for module, _ in imports(path):
            assert module.split(".")[0] != "fakedynamo", path


def test_pydynox_testing_uses_fakedynamo_public_names_only() -> None:
    for path in (PACKAGE / "testing").rglob("*.py"):
        for module, names in imports(path):
            if module.split(".")[0] != "fakedynamo":
                continue
            assert module == "fakedynamo", f"{path.name} imports {module}, not the package's public API"
            assert set(names) <= PUBLIC, f"{path.name} imports {set(names) - PUBLIC} from fakedynamo"
        source = path.read_text(encoding="utf-8")
        assert "fakedynamo.wire" not in source and "fakedynamo.engine" not in source, path.name


def test_importing_pydynox_does_not_import_the_testing_package() -> None:
    import subprocess
    import sys

    code = "import sys, pydynox; assert 'pydynox.testing' not in sys.modules and 'fakedynamo' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
