"""Fresh virtual environments for tests that install packages as a user would.

A venv is made without pip of its own (ensurepip takes seconds): this
Python's pip installs into it with ``--python``. Its environment carries no
AWS settings and none of this process's site-packages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What fakedynamo needs to build without an isolated build environment to fetch.
BUILD_TOOLS = ("setuptools>=68",)


class Venv:
    """A fresh virtual environment with helpers to run its pip and python."""

    def __init__(self, path: Path) -> None:
        venv.create(path, with_pip=False)
        self.python = str(path / "bin" / "python")
        self.env = {
            "PATH": f"{path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": os.environ.get("HOME", str(path)),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE", "PIP_FIND_LINKS", "TMPDIR"):
            if name in os.environ:
                self.env[name] = os.environ[name]

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pip", "--python", self.python, *args, "--quiet"]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=300)

    def json(self, code: str) -> Any:
        result = self.run("-c", code)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def install_from_registry(self, *requirements: str) -> None:
        """Install `requirements` from the package registry, or skip the test where it cannot be reached."""
        result = self.pip("install", *requirements, *BUILD_TOOLS)
        if result.returncode != 0:
            pytest.skip(f"cannot install {' '.join(requirements)} from the registry: {result.stderr.strip()[-300:]}")

    def install_fakedynamo(self, scratch: Path) -> None:
        """Install this checkout's fakedynamo distribution (not editable), as a user's pip would.

        Built from a copy of its sources in `scratch`: a build in the checkout
        leaves a build/ folder there, whose stale files a later build would ship.
        """
        source = scratch / "fakedynamo-source"
        shutil.copytree(ROOT / "fakedynamo", source / "fakedynamo", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        result = self.pip("install", "--no-build-isolation", str(source))
        assert result.returncode == 0, result.stderr
