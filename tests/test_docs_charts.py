"""The chart script draws valid SVG from a results file, and the docs show the charts it drew.

Skipped without matplotlib (in the ``test`` extra). The committed results
file is small; drawing its four charts takes a second or two.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.benchmarks import charts

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}svg"

# A minimal results document: what `charts measure` writes, without moto and with two query sizes.
SMALL = {
    "measured": {"date": "2000-01-01", "machine": "a test", "python": "3.x", "botocore": "1.x", "moto": None,
                 "rounds": 1},
    "per_call_median_us": {"put_item": {"fakedynamo": 120.0, "floor, unsigned": 100.0, "floor, signed": 150.0}},
    "query_growth_median_us": {"sizes": [1000, 10000],
                               "contenders": {"fakedynamo": {"1000": 130.0, "10000": 131.0}}},
    "typical_test_median_us": {"MemoryBackend, sync": 700.0},
    "conformance": {"fakedynamo, in-process": {"passed": 9, "failed": 1}},
}


def _svg_files(written: list[Path]) -> dict[str, ElementTree.Element]:
    return {path.stem: ElementTree.parse(path).getroot() for path in written}


def test_the_script_draws_every_chart_from_a_small_results_file(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    results = tmp_path / "results.json"
    results.write_text(json.dumps(SMALL), encoding="utf-8")
    assert charts.main(["--results", str(results), "--out", str(tmp_path / "out")]) == 0
    drawn = _svg_files(sorted((tmp_path / "out").glob("*.svg")))
    assert sorted(drawn) == sorted(charts.CHARTS)
    for name, root in drawn.items():
        assert root.tag == SVG, name
        text = ElementTree.tostring(root, encoding="unicode")
        assert "Measured 2000-01-01 on a test." in text, name  # every chart says when and on what


def test_the_committed_results_draw(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    results = json.loads(charts.RESULTS.read_text(encoding="utf-8"))
    assert {"date", "machine", "python", "botocore"} <= set(results["measured"])
    drawn = _svg_files(charts.render(results, tmp_path))
    assert sorted(drawn) == sorted(charts.CHARTS)


def test_the_committed_charts_are_the_ones_the_docs_show() -> None:
    why = (ROOT / "docs" / "why.md").read_text(encoding="utf-8")
    for name in charts.CHARTS:
        path = charts.OUT / f"{name}.svg"
        assert ElementTree.parse(path).getroot().tag == SVG
        assert f"assets/charts/{name}.svg" in why
    assert "docs/assets/charts/" in (ROOT / "README.md").read_text(encoding="utf-8")
