"""Name by name, our pydynox against pydynox 1.8.0's recorded public API (``api_18.json``).

The record is made once from the real 1.8.0 wheel by ``record_api_18.py``; this
test describes OUR package by the same rules and reports every name that is
missing or whose kind or signature (parameter names, kinds, defaults) differs.

Three rules keep the comparison to what user code can see:

* parameters whose name starts with ``_`` are private on both sides and ignored,
  and ``self`` is ``self`` whether positional-only (a native method) or not;
* a property and a plain attribute are the same kind ("data": both read as ``obj.name``);
* our signature may add optional parameters after all of 1.8's (old code still calls it unchanged);
* the classes of ``pydynox.pydynox_core`` (1.8's Rust engine: its client, lease,
  S3 and KMS handles) are compared by name only; the pure-Python modules do their work.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.pydynox.record_api_18 import RECORD, describe_package


# Members a class inherits from a builtin (str, int, BaseException) are the running Python's,
# not pydynox's: 3.10 lacks add_note (3.11's BaseException.add_note) and int.to_bytes'
# defaults, 3.13 changed str.replace.
_BUILTIN_BASES: dict[str, type] = {"str": str, "StrEnum": str, "int": int, "IntEnum": int, "IntFlag": int}


def _builtin_base(spec: dict[str, Any]) -> type | None:
    for base in spec.get("bases", []):
        if base in _BUILTIN_BASES:
            return _BUILTIN_BASES[base]
        if base.endswith(("Exception", "Error")):
            return BaseException
    return None


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
            if not _same(want.get("signature"), have.get("signature")):
                differing.append(f"{path}{_sig(have.get('signature'))} is not {_sig(want['signature'])}")
            if module == "pydynox.pydynox_core" and want["kind"] == "class":
                continue
            builtin = _builtin_base(want)
            for member, spec in want.get("members", {}).items():
                got = have["members"].get(member)
                if builtin is not None and member != "__init__" and (hasattr(builtin, member) or member == "add_note"):
                    continue  # inherited from a builtin: the running Python's, not pydynox's
                if got is None:
                    missing.append(f"{path}.{member}")
                elif _kind(got) != _kind(spec):
                    differing.append(f"{path}.{member}: {got['kind']} is not {spec['kind']}")
                elif not _same(spec.get("signature"), got.get("signature")):
                    differing.append(f"{path}.{member}{_sig(got.get('signature'))} is not {_sig(spec['signature'])}")
    return missing, differing


def _same(want: list[list[Any]] | None, have: list[list[Any]] | None) -> bool:
    if want is None:
        return True
    if have is None:
        return False
    want = [_plain_self(p) for p in want if not p[0].startswith("_")]
    have = [_plain_self(p) for p in have if not p[0].startswith("_")]
    extra = have[len(want) :]
    return have[: len(want)] == want and all(p[2] is not None or p[1].startswith("VAR") for p in extra)


def _plain_self(param: list[Any]) -> list[Any]:
    return ["self", "POSITIONAL_OR_KEYWORD", None] if param[0] == "self" else param


def _kind(info: dict[str, Any]) -> str:
    return "data" if info["kind"] in ("property", "attribute") else str(info["kind"])


def _sig(params: list[list[Any]] | None) -> str:
    if params is None:
        return "(?)"
    return "(" + ", ".join(f"{n}:{k.replace('POSITIONAL_OR_KEYWORD', 'POS').replace('POSITIONAL_ONLY', 'PO').replace('KEYWORD_ONLY', 'KW')}" + (f"={d}" if d is not None else "") for n, k, d in params) + ")"


def test_every_public_name_of_pydynox_1_8_is_here_with_the_same_signature() -> None:
    expected = json.loads(Path(RECORD).read_text())
    actual = describe_package("pydynox", sorted(expected))
    missing, differing = compare(expected, actual)
    report = "\n".join([f"missing ({len(missing)}):", *missing, f"differing ({len(differing)}):", *differing])
    assert not missing and not differing, report
