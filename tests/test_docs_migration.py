"""The migration guide's examples run: moto before and after, pydynox's memory backend, and the compose setup.

For docker-compose the suite runs what can run without Docker: the command
of the compose file's ``dynamodb`` service (on a free port, on loopback) and
the app with the ``app`` service's environment, pointed at that server.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import QUIET

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples" / "migration"
GUIDE = DOCS / "migrating.md"
TESTS = {"moto_before.py": 3, "moto_after.py": 4, "pydynox_memory_backend.py": 2, "pydynox_real_fixture.py": 2}
NEEDS = {"moto_before.py": "moto"}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_every_example_is_accounted_for() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.py")) == sorted([*TESTS, "app.py"])


@pytest.mark.parametrize("name", sorted(TESTS))
def test_example_passes_under_pytest(name: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for variable in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(variable, raising=False)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(**{f"test_{Path(name).stem}": (EXAMPLES / name).read_text(encoding="utf-8")})
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=TESTS[name])


def test_moto_before_and_after_differ_only_where_the_guide_says() -> None:
    before = (EXAMPLES / "moto_before.py").read_text(encoding="utf-8").splitlines()
    after = (EXAMPLES / "moto_after.py").read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before[1:], after[1:]) if old != new]
    assert changed == [
        ("from moto import mock_aws", "from fakedynamo import mock_dynamodb"),
        ("    with mock_aws():", "    with mock_dynamodb():"),
        ("@mock_aws", "@mock_dynamodb()"),
    ]


def test_compose_service_and_app_work_together(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((EXAMPLES / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    # "sh -c 'pip install . && python -m fakedynamo serve ...'": the part after the install.
    serve = shlex.split(shlex.split(compose["dynamodb"]["command"])[2].split("&&")[-1])
    assert serve[:4] == ["python", "-m", "fakedynamo", "serve"]
    args = serve[4:]
    args[args.index("--host") + 1] = "127.0.0.1"  # loopback here, every interface in a container
    args[args.index("--port") + 1] = "0"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "fakedynamo", "serve", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=env, cwd=tmp_path)
    try:
        line = server.stdout.readline() if server.stdout else ""
        endpoint = re.search(r"listening on (http://\S+)", line)
        assert endpoint, line
        app_env = {key: str(value) for key, value in compose["app"]["environment"].items()}
        assert app_env["AWS_ENDPOINT_URL_DYNAMODB"] == "http://dynamodb:8000"
        app_env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint.group(1)
        run_env = {**env, **app_env, "AWS_EC2_METADATA_DISABLED": "true"}
        run_env.pop("AWS_ENDPOINT_URL", None)
        for _ in range(2):  # the second run finds the table the first created
            result = subprocess.run([sys.executable, "app.py"], cwd=EXAMPLES, env=run_env, capture_output=True,
                                    text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            assert result.stdout.strip() == "stored: 30"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_guide_snippets_are_taken_from_the_examples() -> None:
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.py")]
    blocks = PYTHON_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    for block in blocks:
        assert any(block in source for source in sources), f"migrating.md: not in any example:\n{block}"


def test_guide_links_every_example() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for path in EXAMPLES.iterdir():
        if path.suffix in (".py", ".yml"):
            assert f"(examples/migration/{path.name})" in text, path.name
