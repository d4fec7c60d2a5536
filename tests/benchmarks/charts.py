"""The charts of the docs' "Why fakedynamo" page, drawn from measured results (matplotlib).

    python -m tests.benchmarks.charts            # redraw docs/assets/charts/*.svg from results.json
    python -m tests.benchmarks.charts measure    # measure again here (minutes), then redraw

``measure`` runs bench_items, bench_query and bench_testing with ``--json``
and the conformance suite (in-process, over HTTP, and against moto's server
when moto is installed) with ``tests.benchmarks.conformance_counts``, and
keeps only the numbers the charts show in ``docs/assets/charts/results.json``,
with the date, the machine and the versions they were measured on. Every
chart carries that line, so a chart never outlives its provenance.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "assets" / "charts"
RESULTS = OUT / "results.json"

# Colours: fakedynamo stands out; the floors are greys; moto is a muted red.
COLOURS = {
    "fakedynamo": "#3949ab",
    "floor, unsigned": "#9e9e9e",
    "floor, signed": "#616161",
    "moto": "#c62828",
}
CHARTS = ("per_call", "query_growth", "typical_test", "conformance")


# Measuring ------------------------------------------------------------------


def _python_env() -> dict[str, str]:
    paths = [str(ROOT), str(ROOT / "pydynox-py"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), "AWS_EC2_METADATA_DISABLED": "true"}


def _bench(module: str, args: list[str], scratch: Path) -> dict[str, Any]:
    out = scratch / f"{module}.json"
    print(f"running {module} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", f"tests.benchmarks.{module}", *args, "--json", str(out)],
                   cwd=ROOT, env=_python_env(), check=False)
    return json.loads(out.read_text(encoding="utf-8"))


def _conformance(scratch: Path, name: str, extra_env: dict[str, str]) -> dict[str, Any]:
    out = scratch / f"conformance-{name}.json"
    print(f"running the conformance suite ({name})", flush=True)
    env = {**_python_env(), **extra_env, "FAKEDYNAMO_COUNTS_JSON": str(out)}
    subprocess.run([sys.executable, "-m", "pytest", "conformance", "-q", "-o", "addopts=", "-p", "no:xdist", "-p", "no:cacheprovider",
                    "-p", "tests.benchmarks.conformance_counts"], cwd=ROOT, env=env, check=False,
                   stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def measure(rounds: int, machine: str) -> dict[str, Any]:
    """Run the benchmarks and the conformance suite; return the small results document."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        items = _bench("bench_items", ["--rounds", str(rounds)], scratch)
        # fakedynamo and the floors with the default number of calls; moto apart, with few calls, as
        # its Query and GetItem on a 10,000-item table take long (and its tables fill one request at a time).
        query = _bench("bench_query", ["--rounds", str(rounds), "--no-moto"], scratch)
        query_moto = _bench("bench_query", ["--rounds", str(rounds), "--calls", "20"], scratch) if _version("moto") else None
        testing = _bench("bench_testing", ["--rounds", str(rounds)], scratch)
        conformance = {"fakedynamo": _conformance(scratch, "fakedynamo", {})}
        if _version("moto"):
            import logging

            from moto.server import ThreadedMotoServer

            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise

            port = _free_port()
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            server.start()
            try:
                conformance["moto"] = _conformance(scratch, "moto", {
                    "CONFORMANCE_ENDPOINT": f"http://127.0.0.1:{port}",
                    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
            finally:
                server.stop()
    return condense(items, query, testing, conformance, rounds, machine, query_moto)


def condense(items: dict[str, Any], query: dict[str, Any], testing: dict[str, Any],
             conformance: dict[str, Any], rounds: Any, machine: str,
             query_moto: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keep what the charts show: medians, sizes, counts and where they came from.

    `query_moto` is bench_query's run with moto (few calls); only its moto rows are kept.
    """
    if query_moto:
        for op, rows in query_moto["operations"].items():
            if "moto" in rows and op in query["operations"]:
                query["operations"][op]["moto"] = rows["moto"]
    medians = {op: {name: round(row["median_us"], 1) for name, row in rows.items()}
               for op, rows in items["operations"].items()}
    for op, rows in query["operations"].items():
        if op.startswith("query_"):
            medians.setdefault("query 10 items", {name: round(row["median_us"], 1) for name, row in rows.items()})
            break
    growth: dict[str, Any] = {"sizes": [], "contenders": {}}
    for op, rows in query["operations"].items():
        if op.startswith("query_"):
            size = int(op.removeprefix("query_").removesuffix("k")) * 1000
            growth["sizes"].append(size)
            for name, row in rows.items():
                growth["contenders"].setdefault(name, {})[str(size)] = round(row["median_us"], 1)
    transports = {"in-process": "fakedynamo, in-process", "http": "fakedynamo over HTTP"}
    rates = {}
    for name in sorted(conformance.get("fakedynamo", {}), key=lambda name: name != "in-process"):
        rates[transports.get(name, name)] = conformance["fakedynamo"][name]
    if "moto" in conformance:
        rates[f"moto {_version('moto')} server"] = conformance["moto"].get("external", {})
    return {
        "measured": {
            "date": datetime.date.today().isoformat(),
            "machine": machine,
            "python": platform.python_version(),
            "botocore": _version("botocore"),
            "moto": _version("moto"),
            "rounds": rounds,
            "commit": _commit(),  # the conformance suite grows: its counts belong to this commit
        },
        "per_call_median_us": medians,
        "query_growth_median_us": growth,
        "typical_test_median_us": {name: round(row["median_us"], 1) for name, row in testing["typical_test"].items()},
        "conformance": rates,
    }


# Drawing --------------------------------------------------------------------


def provenance(results: dict[str, Any]) -> str:
    m = results["measured"]
    versions = f"Python {m['python']}, botocore {m['botocore']}" + (f", moto {m['moto']}" if m.get("moto") else "")
    versions += f", commit {m['commit']}" if m.get("commit") else ""
    return f"Measured {m['date']} on {m['machine']}.\n{versions}. Medians; lower is better unless stated."


def _figure(title: str, results: dict[str, Any], height: float = 3.4) -> tuple[Any, Any]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    fig.text(0.01, 0.005, provenance(results), fontsize=7, color="#555555", ha="left", va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.32 / height, 1, 1 - 0.32 / height))  # room for the two-line footer
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _colour(name: str) -> str:
    for key, colour in COLOURS.items():
        if name.startswith(key) or key in name:
            return colour
    return "#3949ab"


def chart_per_call(results: dict[str, Any]) -> Any:
    data = results["per_call_median_us"]
    operations = list(data)
    contenders = [name for name in ("floor, unsigned", "floor, signed", "fakedynamo", "moto")
                  if any(name in data[op] for op in operations)]
    fig, ax = _figure("One call, botocore to answer (µs per call, log scale)", results, 1.2 + 0.9 * len(operations))
    height = 0.8 / len(contenders)
    for i, name in enumerate(contenders):
        ys = [j + i * height for j in range(len(operations))]
        values = [data[op].get(name, 0) for op in operations]
        bars = ax.barh(ys, values, height=height * 0.9, color=_colour(name), label=name)
        ax.bar_label(bars, labels=[f"{v:,.0f}" if v else "" for v in values], padding=3, fontsize=7)
    ax.set_yticks([j + height * (len(contenders) - 1) / 2 for j in range(len(operations))], operations)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("µs per call (median)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig


def chart_query_growth(results: dict[str, Any]) -> Any:
    growth = results["query_growth_median_us"]
    fig, ax = _figure("Query of 10 items as the table grows (µs per call)", results)
    for name, points in growth["contenders"].items():
        if name == "floor, signed":  # the unsigned floor is the one fakedynamo's calls compare with
            continue
        sizes = sorted(int(size) for size in points)
        ax.plot(sizes, [points[str(size)] for size in sizes], marker="o", color=_colour(name), label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(growth["sizes"], [f"{size:,}" for size in growth["sizes"]])
    ax.set_xlabel("items in the table")
    ax.set_ylabel("µs per call (median)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig


def chart_typical_test(results: dict[str, Any]) -> Any:
    data = results["typical_test_median_us"]
    names = list(data)
    fig, ax = _figure("One typical test: enter, 3 saves, a get, a query, leave (ms)", results, 1.0 + 0.45 * len(names))
    values = [data[name] / 1000 for name in names]
    base = values[0]  # the first contender: the MemoryBackend the fixture uses
    _bars(ax, names, values, [f"{v:,.1f} ms ({v / base:.1f}x)" for v in values])
    ax.set_xlim(0, max(values) * 1.3)
    ax.set_xlabel("ms per test (median)")
    return fig


def _bars(ax: Any, names: list[str], values: list[float], labels: list[str]) -> None:
    """Horizontal bars, first name on top, each labelled at its end."""
    bars = ax.barh(names, values, color=[_colour("moto" if "moto" in name else "fakedynamo") for name in names])
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    ax.invert_yaxis()


def chart_conformance(results: dict[str, Any]) -> Any:
    data = results["conformance"]
    names = list(data)
    fig, ax = _figure("This repository's conformance suite: tests passed (higher is better)", results,
                      1.0 + 0.45 * len(names))
    totals = [sum(data[name].values()) for name in names]
    rates = [100 * data[name].get("passed", 0) / total if total else 0 for name, total in zip(names, totals)]
    _bars(ax, names, rates, [f"{data[n].get('passed', 0)} of {t} ({r:.0f}%)" for n, t, r in zip(names, totals, rates)])
    ax.set_xlim(0, 118)
    ax.set_xlabel("% of the suite's tests passed")
    return fig


def render(results: dict[str, Any], out: Path) -> list[Path]:
    """Draw every chart the results hold into `out` as SVG; return the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "fakedynamo", "font.family": "sans-serif",
                         "font.size": 9})
    drawers = {"per_call": chart_per_call, "query_growth": chart_query_growth,
               "typical_test": chart_typical_test, "conformance": chart_conformance}
    keys = {"per_call": "per_call_median_us", "query_growth": "query_growth_median_us",
            "typical_test": "typical_test_median_us", "conformance": "conformance"}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CHARTS:
        data = results.get(keys[name])
        if not data or (name == "query_growth" and not data.get("contenders")):
            continue
        fig = drawers[name](results)
        path = out / f"{name}.svg"
        fig.savefig(path, format="svg", metadata={"Date": None}, facecolor="white")
        plt.close(fig)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.charts", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=["draw", "measure"], default="draw")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"results JSON (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    parser.add_argument("--rounds", type=int, default=3, help="benchmark rounds when measuring (default 3)")
    parser.add_argument("--machine", default=f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores",
                        help="how to describe the machine on the charts when measuring")
    args = parser.parse_args(argv)
    if args.command == "measure":
        results = measure(args.rounds, args.machine)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    results = json.loads(args.results.read_text(encoding="utf-8"))
    for path in render(results, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
