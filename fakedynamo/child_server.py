"""`ChildServer`: ``python -m fakedynamo serve`` in a child process, started, awaited, stopped and reaped.

A server on a thread of the test process answers only clients that let
Python's other threads run while they wait (release the GIL); one in a child
process answers any client. The child runs with ``--stop-on-stdin-close`` and
a pipe as its standard input, whose other end only this process holds: when
this process ends, however it ends (even killed), the pipe closes and the
child stops, so it is never left behind. It runs in a session of its own, so
a Ctrl-C at the terminal reaches the test process, which then stops it.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import site
import subprocess
import sys
import threading
from typing import IO

logger = logging.getLogger("fakedynamo.served")

_LISTENING = re.compile(r"fakedynamo listening on (http://\S+)")
# Generous: a loaded machine takes seconds to start Python and import fakedynamo (and botocore).
STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0


class ChildServer:
    """One ``fakedynamo serve`` child process on `host`:`port` (0: any free port)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, region: str | None = None) -> None:
        self._command = [sys.executable, "-m", "fakedynamo", "serve", "--host", host, "--port", str(port),
                         "--stop-on-stdin-close"]
        if region is not None:
            self._command += ["--region", region]
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._endpoints: queue.Queue[str | None] = queue.Queue()
        self._startup_output: list[str] = []
        self._stopping = False

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None else None

    def start(self, timeout: float = STARTUP_TIMEOUT) -> str:
        """Start the child and wait until it listens; return its endpoint URL."""
        if self._process is not None:
            raise RuntimeError("this fakedynamo child server is already running")
        self._stopping = False
        self._startup_output = []
        process = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=_child_environment(),
            **_own_session(),
        )
        self._process = process
        assert process.stdout is not None
        self._reader = threading.Thread(
            target=self._read_output, args=(process.stdout,), name="fakedynamo-child-output", daemon=True
        )
        self._reader.start()
        try:
            endpoint = self._endpoints.get(timeout=timeout)
        except queue.Empty:
            endpoint = None
        if endpoint is None:
            process.kill()  # stuck or already gone: nothing to wait for
            self.stop()
            said = "\n".join(self._startup_output[-20:]) or "(nothing)"
            raise RuntimeError(f"fakedynamo serve did not start listening within {timeout:g} s; it said:\n{said}")
        return endpoint

    def stop(self) -> None:
        """Close the child's standard input (its cue to stop), wait for it to exit, and reap it."""
        process, self._process = self._process, None
        if process is None:
            raise RuntimeError("this fakedynamo child server is not running")
        self._stopping = True
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass  # it is gone already
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._reader is not None:
            self._reader.join()
        if process.stdout is not None:
            process.stdout.close()

    def _read_output(self, output: IO[bytes]) -> None:
        """Find the line that says where it listens, then pass on what it says (errors) to logging."""
        ready = False
        for raw in output:
            line = raw.decode("utf-8", "replace").rstrip()
            if not ready:
                match = _LISTENING.match(line)
                if match is not None:
                    ready = True
                    self._endpoints.put(match.group(1))
                else:
                    self._startup_output.append(line)
            elif line and not self._stopping:
                logger.warning("fakedynamo server: %s", line)
        if not ready:
            self._endpoints.put(None)  # it exited before listening


def _child_environment() -> dict[str, str]:
    """This environment; with the folder of this process's fakedynamo first on the path, unless installed there.

    The child must run the same code. An installed fakedynamo it finds by itself
    (and site-packages must not go before the standard library); a checkout
    reached through PYTHONPATH, or a path a conftest added, it is told of.
    """
    environment = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = [*getattr(site, "getsitepackages", list)(), site.getusersitepackages()]
    if os.path.realpath(root) not in {os.path.realpath(folder) for folder in installed}:
        environment["PYTHONPATH"] = os.pathsep.join(p for p in (root, environment.get("PYTHONPATH", "")) if p)
    return environment


def _own_session() -> dict[str, object]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}
