"""Durable state for `fakedynamo serve --data-dir`: a request journal and snapshots in SQLite.

The design, and why:

- **A journal of requests, not of items.** Every request that may change state
  and succeeds is appended to the ``journal`` table, under the engine lock and
  before its response is returned, as (operation, region, request) plus what
  the engine made up while running it: each reading of its clock and each id
  it generated. On start the journal is replayed through the same
  `Engine.execute` with those readings and ids played back, so the state after
  a restart is the state before it, timestamps, table ids and anything derived
  from them included, and whatever storage keeps (indexes, counts, sizes,
  change history) is rebuilt by the code that built it. Hooking the engine's
  three seams (`execute`, `now`, `new_uuid`) is all this needs: nothing in
  operations or storage knows that persistence exists, and the in-memory
  default runs exactly the code it ran before.
- **Snapshots bound the replay.** Every `compact_every` entries (and at a
  clean shutdown) the engine's state is pickled into the ``snapshot`` table
  and the entries it covers are deleted, in one transaction. A snapshot is
  specific to the fakedynamo version that wrote it; the journal is not.
- **SQLite in WAL mode gives atomicity.** Each entry is one transaction: a
  record cut short by ``kill -9`` or a power cut fails its WAL checksum and is
  never read back. With ``synchronous=NORMAL`` (the default) a committed entry
  is in the operating system's hands before the response is sent, so it
  survives the death of the server; ``fsync=True`` (``--fsync``) uses
  ``synchronous=FULL`` so that it also survives the machine's.
- **One server per directory.** An exclusive `flock` on ``DIR/LOCK``, held for
  the server's life and released by the kernel however it dies.

`Engine.advance(seconds)` (clock control, where the engine has it) is
journaled like a request. Anything else that changes state outside
`Engine.execute` (a reset of a region or table) must call `checkpoint()`
afterwards, which snapshots the whole state; `Engine.reset` is hooked to.

Replay is exact as long as the engine reads the time only through
`Engine.now()` and makes up ids only through `Engine.new_uuid()` (or other
state that is itself replayed, such as counters): code that adds a new source
of time or randomness must route it through those two.
"""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import sqlite3
import threading
from typing import Any, Iterator

from fakedynamo.engine import DEFAULT_REGION, Engine

logger = logging.getLogger("fakedynamo")

DATABASE = "fakedynamo.sqlite3"
LOCK = "LOCK"
FORMAT = 1  # of the journal's rows; bump when their meaning changes
COMPACT_EVERY = 10_000
ADVANCE = "_advance"  # the journal's name for Engine.advance(seconds), which no DynamoDB operation is called

# Operations that never change state: not journaled. Anything else that
# succeeds is (a PartiQL SELECT too; replaying it is harmless).
READ_ONLY = frozenset({
    "GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems",
    "DescribeTable", "DescribeTimeToLive", "DescribeContinuousBackups", "DescribeContributorInsights",
    "DescribeEndpoints", "DescribeLimits", "DescribeBackup", "DescribeExport", "DescribeImport",
    "DescribeGlobalTable", "DescribeGlobalTableSettings", "DescribeKinesisStreamingDestination",
    "DescribeTableReplicaAutoScaling", "DescribeStream", "GetRecords", "GetShardIterator",
    "GetResourcePolicy", "ListTables", "ListTagsOfResource", "ListBackups", "ListExports", "ListImports",
    "ListGlobalTables", "ListContributorInsights", "ListStreams",
})

# Engine attributes that are not state: the lock, the hooks installed here, per-request scratch.
_NOT_STATE = frozenset({
    "lock", "now", "new_uuid", "execute", "reset", "advance", "persistence", "table_factory",
    "_executing", "_request_numbers", "_request_prefix", "powers",
})


class DataDirInUse(RuntimeError):
    """Another server holds the data directory."""


class Persistence:
    """Keeps `engine`'s state in the directory `path`; `open()` loads it and starts journaling."""

    def __init__(self, engine: Engine, path: str, fsync: bool = False, compact_every: int = COMPACT_EVERY) -> None:
        self.engine = engine
        self.path = os.path.abspath(path)
        self.fsync = fsync
        self.compact_every = compact_every
        self._lock_file: Any = None
        self._db: sqlite3.Connection | None = None
        self._since_snapshot = 0
        # While a request runs under the lock: the thread running it and the clock readings and ids it used.
        self._recorder: int | None = None
        self._times: list[float] = []
        self._ids: list[str] = []
        # While replaying: the readings and ids to hand out instead.
        self._replay_times: Iterator[float] | None = None
        self._replay_ids: Iterator[str] | None = None
        self._last_time = 0.0
        self.replayed = 0

    # -- opening and closing -----------------------------------------------------------

    def open(self) -> Persistence:
        os.makedirs(self.path, exist_ok=True)
        self._lock_file = _lock(os.path.join(self.path, LOCK))
        try:
            db = sqlite3.connect(os.path.join(self.path, DATABASE), isolation_level=None, check_same_thread=False)
            self._db = db
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={'FULL' if self.fsync else 'NORMAL'}")
            db.executescript(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1),"
                " upto INTEGER NOT NULL, version TEXT NOT NULL, state BLOB NOT NULL);"
                "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                " operation TEXT NOT NULL, region TEXT NOT NULL, request TEXT NOT NULL, made TEXT NOT NULL);"
            )
            self._check_format()
            self._install()
            self._load()
        except BaseException:
            self.close(checkpoint=False)
            raise
        return self

    def close(self, checkpoint: bool = True) -> None:
        """Snapshot (so the next start replays nothing), close the database and release the directory."""
        try:
            if self._db is not None:
                if checkpoint:
                    self.checkpoint()
                self._db.close()
        finally:
            self._db = None
            if self._lock_file is not None:
                self._lock_file.close()  # releases the flock
                self._lock_file = None

    def _check_format(self) -> None:
        assert self._db is not None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('format', ?), ('account_id', ?)", (str(FORMAT), self.engine.account_id))
        elif int(row[0]) != FORMAT:
            raise RuntimeError(f"{self.path} holds data in format {row[0]}; this fakedynamo reads format {FORMAT}")
        account = self._db.execute("SELECT value FROM meta WHERE key = 'account_id'").fetchone()[0]
        if account != self.engine.account_id:
            raise RuntimeError(f"{self.path} holds the data of account {account}, not {self.engine.account_id}")

    # -- the hooks --------------------------------------------------------------------

    def _install(self) -> None:
        engine = self.engine
        execute, now, new_uuid, reset = engine.execute, engine.now, engine.new_uuid, engine.reset
        self._execute_unjournaled = execute
        self._base_now = now
        lock = engine.lock

        def recording_now() -> float:
            replay = self._replay_times
            if replay is not None:
                self._last_time = next(replay, self._last_time)
                return self._last_time
            moment = now()
            if self._recorder == threading.get_ident():
                self._times.append(moment)
            return moment

        def recording_uuid() -> str:
            made = new_uuid()  # always drawn, so the generator's state moves on as it did
            replay = self._replay_ids
            if replay is not None:
                return next(replay, made)
            if self._recorder == threading.get_ident():
                self._ids.append(made)
            return made

        def journaled_execute(operation: str, request: dict[str, Any], region: str = DEFAULT_REGION) -> dict[str, Any]:
            if operation in READ_ONLY:
                return execute(operation, request, region)
            with lock:
                self._recorder = threading.get_ident()
                self._times, self._ids = [], []
                try:
                    response = execute(operation, request, region)
                finally:
                    self._recorder = None
                self._append(operation, region, request, {"t": self._times, "id": self._ids})
                return response

        def checkpointed_reset() -> None:
            with lock:
                reset()
                self.checkpoint()

        engine.now = recording_now  # type: ignore[method-assign]
        engine.new_uuid = recording_uuid  # type: ignore[method-assign]
        engine.execute = journaled_execute  # type: ignore[method-assign]
        engine.reset = checkpointed_reset  # type: ignore[method-assign]
        advance = getattr(engine, "advance", None)
        self._advance_unjournaled = advance
        if advance is not None:  # the streams branch's clock control: moving the clock is a change too

            def journaled_advance(seconds: float) -> float:
                with lock:
                    self._recorder = threading.get_ident()
                    self._times, self._ids = [], []
                    try:
                        moment = advance(seconds)
                    finally:
                        self._recorder = None
                    self._append(ADVANCE, "", {"seconds": seconds}, {"t": self._times, "id": self._ids})
                    return moment

            engine.advance = journaled_advance  # type: ignore[attr-defined]
        engine.persistence = self  # type: ignore[attr-defined]

    def _append(self, operation: str, region: str, request: dict[str, Any], made: dict[str, Any]) -> None:
        assert self._db is not None
        self._db.execute(
            "INSERT INTO journal (operation, region, request, made) VALUES (?, ?, ?, ?)",
            (operation, region, _encode(request), _encode(made)),
        )
        self._since_snapshot += 1
        if self._since_snapshot >= self.compact_every:
            self.checkpoint()

    # -- snapshots and replay -----------------------------------------------------------

    def checkpoint(self) -> None:
        """Write the whole state as the snapshot and drop the journal entries it covers."""
        db = self._db
        if db is None:
            return
        with self.engine.lock:
            state = _dump(self.engine)
            db.execute("BEGIN IMMEDIATE")
            try:
                upto = db.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0]
                db.execute("INSERT OR REPLACE INTO snapshot VALUES (1, ?, ?, ?)", (upto, _version(), state))
                db.execute("DELETE FROM journal WHERE seq <= ?", (upto,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            self._since_snapshot = 0

    def _load(self) -> None:
        assert self._db is not None
        engine = self.engine
        row = self._db.execute("SELECT upto, version, state FROM snapshot WHERE id = 1").fetchone()
        upto = 0
        if row is not None:
            upto, version, state = row
            try:
                _restore(engine, state)
            except Exception as error:
                raise RuntimeError(
                    f"cannot read the snapshot in {self.path}, written by fakedynamo {version}: {error}. "
                    "Export the data with the version that wrote it (GET /_fakedynamo/snapshot) and load it here."
                ) from error
        entries = self._db.execute(
            "SELECT seq, operation, region, request, made FROM journal WHERE seq > ? ORDER BY seq", (upto,)
        )
        with engine.lock:
            for seq, operation, region, request, made in entries:
                self._replay(seq, operation, region, json.loads(request), json.loads(made))
        if self.replayed:
            logger.info("replayed %d journaled requests from %s", self.replayed, self.path)
            self.checkpoint()

    def _replay(self, seq: int, operation: str, region: str, request: dict[str, Any], made: dict[str, Any]) -> None:
        self._replay_times, self._replay_ids = iter(made["t"]), iter(made["id"])
        try:
            if operation == ADVANCE:
                self._advance_unjournaled(request["seconds"])  # type: ignore[misc]
            else:
                self._execute_unjournaled(operation, request, region)
        except Exception as error:  # noqa: BLE001 - it succeeded when journaled; say so and go on
            logger.warning("journal entry %d (%s) failed on replay: %s", seq, operation, error)
        finally:
            self._replay_times = self._replay_ids = None
        self.replayed += 1

    def stats(self) -> dict[str, Any]:
        """What the health endpoint reports."""
        return {"data_dir": self.path, "fsync": self.fsync, "journal_since_snapshot": self._since_snapshot}


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Pickler(pickle.Pickler):
    """Pickles the engine's state; references to the engine itself (regions keep one) become a token."""

    def __init__(self, file: Any, engine: Engine) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._engine = engine

    def persistent_id(self, obj: Any) -> str | None:
        return "engine" if obj is self._engine else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: Any, engine: Engine) -> None:
        super().__init__(file)
        self._engine = engine

    def persistent_load(self, pid: Any) -> Any:
        if pid != "engine":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self._engine


def _dump(engine: Engine) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, engine).dump({k: v for k, v in vars(engine).items() if k not in _NOT_STATE})
    return buffer.getvalue()


def _restore(engine: Engine, state: bytes) -> None:
    vars(engine).update(_Unpickler(io.BytesIO(state), engine).load())


def _lock(path: str) -> Any:
    handle = open(path, "a+")  # noqa: SIM115 - held open for the server's life
    try:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            handle.close()
            raise DataDirInUse(f"{os.path.dirname(path)} is in use by another fakedynamo server") from None
    except OSError:
        handle.close()
        raise DataDirInUse(f"{os.path.dirname(path)} is in use by another fakedynamo server") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _version() -> str:
    from fakedynamo import __version__

    return __version__


def attach(engine: Engine, path: str, fsync: bool = False, compact_every: int = COMPACT_EVERY) -> Persistence:
    """Load `engine`'s state from `path` (a directory, made if missing) and keep every later change there."""
    return Persistence(engine, path, fsync=fsync, compact_every=compact_every).open()


__all__ = ["DataDirInUse", "Persistence", "attach"]
