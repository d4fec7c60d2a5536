"""`fakedynamo serve`: run the fake as a DynamoDB endpoint on a local port.

    python -m fakedynamo serve [--host 127.0.0.1] [--port 8000] [--data-dir PATH] [--seed-file PATH]
                               [--init-dir DIR] [--verbose [--log-format json]] [--stop-on-stdin-close]

The server prints ``fakedynamo listening on http://HOST:PORT`` once it accepts
connections (with ``--port 0`` that line tells which port it got) and stops
cleanly, exit status 0, on SIGINT (Ctrl-C) or SIGTERM, and with
``--stop-on-stdin-close`` when its standard input closes: a parent that holds
the other end of that pipe takes the server with it when it ends, even when it
is killed (`serve_dynamodb(child_process=True)` runs it so). Listening on an address
other than loopback prints a warning to stderr: anyone who can reach the port
can read and change every table.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import signal
import sys
import threading
from typing import Callable, Sequence

from fakedynamo.engine import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Engine
from fakedynamo.wire.http import IDLE_TIMEOUT, MAX_CONNECTIONS, DynamoDBServer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fakedynamo", description="An in-memory fake of Amazon DynamoDB.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the DynamoDB API over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on, 0 for any free one (default: 8000)")
    serve.add_argument("--region", default=DEFAULT_REGION, help="region of unsigned requests (default: us-east-1)")
    serve.add_argument("--account-id", default=DEFAULT_ACCOUNT_ID, help="account id in ARNs (default: 123456789012)")
    serve.add_argument("--id-seed", type=int, default=None, metavar="N", help="fix the ids the fake makes up")
    serve.add_argument("--seed", type=int, dest="old_id_seed", default=None, help=argparse.SUPPRESS)  # the old name of --id-seed
    serve.add_argument(
        "--data-dir", metavar="PATH",
        help="keep the data in this directory (SQLite) across restarts; default: in memory only",
    )
    serve.add_argument(
        "--fsync", action="store_true",
        help="with --data-dir: fsync every write, so acknowledged writes survive a power cut too (slower)",
    )
    serve.add_argument(
        "--idle-timeout", type=_positive(float), default=IDLE_TIMEOUT, metavar="SECONDS",
        help=f"drop a connection idle, or a request still arriving, after this long (default: {IDLE_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-connections", type=_positive(int), default=MAX_CONNECTIONS, metavar="N",
        help=f"connections served at once; more are answered 503 (default: {MAX_CONNECTIONS})",
    )
    serve.add_argument(
        "--seed-file", action="append", default=[], metavar="PATH",
        help="load tables and items from this snapshot (DynamoDB JSON lines) at start, when the state is empty;"
        " may be repeated",
    )
    serve.add_argument(
        "--init-dir", metavar="DIR",
        help="load every *.jsonl, *.json and *.gz snapshot in DIR (in name order) at start, when the state is empty",
    )
    serve.add_argument(
        "--auth", choices=("open", "aws", "verify"), default="open",
        help="authentication: open (any or none, the default), aws (required, as DynamoDB requires it),"
        " verify (SigV4 signatures checked against --credentials)",
    )
    serve.add_argument(
        "--credentials", action="append", default=[], metavar="KEY_ID:SECRET",
        help="with --auth verify: an access key id and its secret; may be repeated",
    )
    serve.add_argument(
        "--stop-on-stdin-close", action="store_true",
        help="stop when standard input closes (a parent process holding the other end of a pipe ends the server"
        " by ending, however it ends)",
    )
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr, one line each")
    serve.add_argument(
        "--log-format", choices=("text", "json"), default="text",
        help="with --verbose: lines for people (text, the default) or one JSON object per line",
    )
    args = parser.parse_args(argv)
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    if args.verbose:  # the server logs dropped connections and its own failures to the fakedynamo logger
        _configure_logging(args.log_format)
    if args.old_id_seed is not None:
        print("fakedynamo: --seed is now called --id-seed (it seeds ids; --seed-file seeds data)", file=sys.stderr)
    id_seed = args.id_seed if args.id_seed is not None else args.old_id_seed
    engine = Engine(account_id=args.account_id, seed=id_seed)
    persistence = None
    if args.data_dir is not None:
        from fakedynamo.persistence import attach

        try:
            persistence = attach(engine, args.data_dir, fsync=args.fsync)
        except Exception as error:  # noqa: BLE001 - in use, unreadable, another account's: say which and stop
            print(f"fakedynamo: cannot use --data-dir {args.data_dir}: {error}", file=sys.stderr)
            return 1
    try:
        if not _seed(args, engine):
            return 1
        return _listen(args, engine)
    finally:
        if persistence is not None:
            persistence.close()


def _seed(args: argparse.Namespace, engine: Engine) -> bool:
    """Load --seed-file and --init-dir data into an empty state; False (after saying why) if it cannot."""
    paths = [*args.seed_file, *([args.init_dir] if args.init_dir else [])]
    if not paths:
        return True
    if any(region.tables for region in engine.regions.values()):
        print("fakedynamo: the data directory already holds tables: seed data not loaded", file=sys.stderr)
        return True
    from fakedynamo.state import LoadError, load_paths

    try:
        counts = load_paths(engine, paths, args.region)
    except (OSError, LoadError) as error:
        print(f"fakedynamo: cannot load seed data: {error}", file=sys.stderr)
        return False
    print(f"fakedynamo: loaded {counts['tables_created']} tables and {counts['items']} items", file=sys.stderr)
    return True


class _JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if record.name == "fakedynamo.requests":
            return record.getMessage()  # already a JSON object
        entry = {"time": self.formatTime(record), "level": record.levelname.lower(), "message": record.getMessage()}
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def _configure_logging(log_format: str) -> None:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(_JSONFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("fakedynamo")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _listen(args: argparse.Namespace, engine: Engine) -> int:
    try:
        server = DynamoDBServer(
            engine, args.host, args.port, args.region, args.verbose,
            idle_timeout=args.idle_timeout, max_connections=args.max_connections, log_format=args.log_format,
            auth_mode=args.auth, credentials=dict(pair.partition(":")[::2] for pair in args.credentials),
        )
    except ValueError as error:
        print(f"fakedynamo: {error}", file=sys.stderr)
        return 2
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        print(f"fakedynamo: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1

    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if args.stop_on_stdin_close:
        threading.Thread(target=_stop_at_end_of_input, args=(stop,), name="fakedynamo-stdin", daemon=True).start()
    warning = exposure_warning(server)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print(f"fakedynamo listening on {server.endpoint}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    print("fakedynamo stopped", flush=True)
    return 0


def _stop_at_end_of_input(stop: Callable[[int, object], None]) -> None:
    """Read standard input to its end (what is read is ignored), then stop the server."""
    try:
        while os.read(sys.stdin.fileno(), 4096):
            pass
    except (OSError, ValueError, AttributeError):
        pass  # no standard input at all: it is as closed as it gets
    stop(0, None)


def exposure_warning(server: DynamoDBServer) -> str | None:
    """The warning to print when `server` listens beyond loopback, else None."""
    host = server.server_address[0]
    if isinstance(host, bytes):
        host = host.decode()
    try:
        if ipaddress.ip_address(host.split("%", 1)[0]).is_loopback:
            return None
    except ValueError:
        pass  # not an address: warn
    return (
        f"fakedynamo: WARNING: listening on {server.endpoint}, reachable beyond this machine.\n"
        "fakedynamo: it accepts any credentials and has no access control: anyone who can reach\n"
        "fakedynamo: this port can read, change and delete every table. Use --host 127.0.0.1\n"
        "fakedynamo: unless every host on this network is trusted."
    )


def _positive(kind: type) -> object:
    def parse(text: str) -> object:
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its "invalid ... value" message
    return parse


def _version() -> str:
    from fakedynamo import __version__

    return __version__


if __name__ == "__main__":
    sys.exit(main())
