"""`fakedynamo serve`: run the fake as a DynamoDB endpoint on a local port.

    python -m fakedynamo serve [--host 127.0.0.1] [--port 8000]

The server prints ``fakedynamo listening on http://HOST:PORT`` once it accepts
connections (with ``--port 0`` that line tells which port it got) and stops
cleanly, exit status 0, on SIGINT (Ctrl-C) or SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Sequence

from fakedynamo.engine import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Engine
from fakedynamo.wire.http import DynamoDBServer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fakedynamo", description="An in-memory fake of Amazon DynamoDB.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the DynamoDB API over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on, 0 for any free one (default: 8000)")
    serve.add_argument("--region", default=DEFAULT_REGION, help="region of unsigned requests (default: us-east-1)")
    serve.add_argument("--account-id", default=DEFAULT_ACCOUNT_ID, help="account id in ARNs (default: 123456789012)")
    serve.add_argument("--seed", type=int, default=None, help="fix the ids the fake makes up")
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    engine = Engine(account_id=args.account_id, seed=args.seed)
    try:
        server = DynamoDBServer(engine, args.host, args.port, args.region, args.verbose)
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
    print(f"fakedynamo listening on {server.endpoint}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    print("fakedynamo stopped", flush=True)
    return 0


def _version() -> str:
    from fakedynamo import __version__

    return __version__


if __name__ == "__main__":
    sys.exit(main())
