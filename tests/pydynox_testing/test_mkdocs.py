"""The documentation site builds with ``mkdocs build --strict`` (skipped when mkdocs is not installed).

Install it with ``pip install -e ".[docs]"``. The build takes well under a
second and reads only files in the repository.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason='mkdocs is not installed: pip install -e ".[docs]"')
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "testing" / "index.html").exists()
    assert (tmp_path / "site" / "pydynox" / "guide" / "index.html").exists()
