"""Every snippet of the README runs as written, as on a fresh machine: no credentials, no AWS config, no region.

Python blocks that define ``test_`` functions are saved as a test file and run
by pytest; other Python blocks run as scripts in a fresh interpreter; shell
blocks are run, or checked against `.ci/run` for the setup and test commands.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(README.read_text(encoding="utf-8")) if lang == language]


def fresh_machine_env(home: Path) -> dict[str, str]:
    """This process's environment less anything AWS, with an empty home (no ~/.aws)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env["HOME"] = str(home)
    return env


SCRIPTS = [code for code in blocks("python") if "def test_" not in code]
TEST_FILES = [code for code in blocks("python") if "def test_" in code]


def test_the_readme_has_what_this_file_checks() -> None:
    assert SCRIPTS and len(TEST_FILES) >= 3
    assert len(blocks("bash")) >= 4


@pytest.mark.parametrize("code", SCRIPTS, ids=lambda code: code.splitlines()[-1].strip()[:40])
def test_python_snippet_runs_as_a_script(code: str, tmp_path: Path) -> None:
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=fresh_machine_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", TEST_FILES, ids=lambda code: re.search(r"def (test_\w+)", code).group(1))  # type: ignore[union-attr]
def test_test_snippet_passes_under_pytest(code: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(pytester.path))
    pytester.makepyfile(test_snippet=code)
    pytester.makeini("[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n")
    result = pytester.runpytest("-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:benchmark")
    result.assert_outcomes(passed=code.count("\ndef test_") + code.count("\nasync def test_"))


def test_setup_and_test_commands_are_what_ci_runs() -> None:
    commands = [line for code in blocks("bash") for line in code.splitlines()]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    setup = next(line for line in commands if line.startswith("pip install -e"))
    assert setup in ci
    assert "python -m pytest" in commands and "python -m pytest" in ci


def test_benchmark_command_names_a_real_module() -> None:
    commands = [line for code in blocks("bash") for line in code.splitlines()]
    bench = next(line for line in commands if "tests.benchmarks" in line)
    module = bench.split("python -m ", 1)[1].split()[0]
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").is_file()


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_server_snippet_runs_as_written(tmp_path: Path) -> None:
    code = next(code for code in blocks("bash") if "fakedynamo serve" in code)
    port = int(re.search(r"--port (\d+)", code).group(1))  # type: ignore[union-attr]
    if not port_is_free(port):
        pytest.skip(f"port {port}, which the README names, is in use here")
    serve, client = code.split("&\n", 1)
    server = subprocess.Popen(
        serve.split(), cwd=tmp_path, env=fresh_machine_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    try:
        assert "listening" in (server.stdout.readline() if server.stdout else "")
        result = subprocess.run(
            ["bash", "-c", client], cwd=tmp_path, env=fresh_machine_env(tmp_path),
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert '"TableNames": []' in result.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_no_snippet_is_left_unchecked() -> None:
    languages = {lang for lang, _ in BLOCK.findall(README.read_text(encoding="utf-8"))}
    assert languages <= {"python", "bash"}, languages
    # Every bash block is one of: setup, tests, server, benchmarks.
    for code in blocks("bash"):
        assert any(mark in code for mark in ("pip install", "python -m pytest", "fakedynamo serve", "tests.benchmarks")), code

