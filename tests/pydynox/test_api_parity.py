"""Name by name, our pydynox against pydynox 1.8.0's recorded public API (``api_18.json``).

The record is made once from the real 1.8.0 wheel by ``record_api_18.py``; this
test describes OUR package by the same rules and reports every name that is
missing or whose kind or signature (parameter names, kinds, defaults) differs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.pydynox.record_api_18 import RECORD, describe_package


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[list[str], list[str]]:
    missing: list[str] = []
    differing: list[str] = []
    for module, names in expected.items():
        if module not in actual:
            missing.append(module)
            continue
        for name, want in names.items():
            path = f"{module}.{name}"
            have = actual[module].get(name)
            if have is None:
                missing.append(path)
                continue
            if want["kind"] != have["kind"]:
                differing.append(f"{path}: {have['kind']} is not {want['kind']}")
                continue
            if want.get("signature") is not None and want.get("signature") != have.get("signature"):
                differing.append(f"{path}{_sig(have.get('signature'))} is not {_sig(want['signature'])}")
            for member, spec in want.get("members", {}).items():
                got = have["members"].get(member)
                if got is None:
                    missing.append(f"{path}.{member}")
                elif got["kind"] != spec["kind"]:
                    differing.append(f"{path}.{member}: {got['kind']} is not {spec['kind']}")
                elif spec.get("signature") is not None and spec.get("signature") != got.get("signature"):
                    differing.append(f"{path}.{member}{_sig(got.get('signature'))} is not {_sig(spec['signature'])}")
    return missing, differing


def _sig(params: list[list[Any]] | None) -> str:
    if params is None:
        return "(?)"
    return "(" + ", ".join(f"{n}:{k[:3]}" + (f"={d}" if d is not None else "") for n, k, d in params) + ")"


def test_every_public_name_of_pydynox_1_8_is_here_with_the_same_signature() -> None:
    expected = json.loads(Path(RECORD).read_text())
    actual = describe_package("pydynox", sorted(expected))
    missing, differing = compare(expected, actual)
    report = "\n".join([f"missing ({len(missing)}):", *missing, f"differing ({len(differing)}):", *differing])
    assert not missing and not differing, report
