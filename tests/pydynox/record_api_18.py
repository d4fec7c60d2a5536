"""Record pydynox 1.8.0's public API into ``api_18.json`` (run once; the result is committed).

Usage::

    pip download --no-deps pydynox==1.8.0 -d /tmp/pdx18 && (cd /tmp/pdx18 && unzip -o -q *.whl)
    python -m tests.pydynox.record_api_18 /tmp/pdx18

The wheel is imported in a child process whose ``sys.path`` starts at the
unpacked wheel, so this repository's own ``pydynox`` is never the one read.
``describe_package`` is also what the parity test runs over OUR pydynox, so both
sides are recorded by the same rules:

* modules: every importable module of the package whose dotted path has no
  ``_``-prefixed part;
* names: a module's ``__all__`` when it has one, else every public class or
  function it defines;
* members: for each class, the public methods, properties and class attributes
  it or a pydynox base defines (plus ``__init__``);
* signatures: parameter names, kinds and defaults (annotations are ignored,
  defaults are compared by ``repr`` for plain values only).
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

PLAIN = (type(None), bool, int, float, str, bytes, tuple, frozenset)
HERE = Path(__file__).parent
RECORD = HERE / "api_18.json"


def _default(value: Any) -> str | None:
    if value is inspect.Parameter.empty:
        return None
    if isinstance(value, PLAIN):
        return repr(value)
    return "<object>"


def signature(obj: Any) -> list[list[Any]] | None:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [[p.name, p.kind.name, _default(p.default)] for p in sig.parameters.values()]


def _member(cls: type, name: str) -> dict[str, Any] | None:
    for klass in cls.__mro__:
        if name in vars(klass):
            raw = vars(klass)[name]
            break
    else:
        return None
    if isinstance(raw, property):
        return {"kind": "property"}
    if isinstance(raw, (classmethod, staticmethod)):
        kind = type(raw).__name__
        return {"kind": kind, "signature": signature(getattr(cls, name))}
    if inspect.isfunction(raw) or inspect.ismethoddescriptor(raw) or inspect.isbuiltin(raw):
        return {"kind": "method", "signature": signature(raw)}
    if inspect.isclass(raw):
        return {"kind": "class"}
    return {"kind": "attribute"}


def _owned(klass: type, package: str) -> bool:
    return (getattr(klass, "__module__", "") or "").split(".")[0] in (package, "pydynox_core", "builtins")


def describe_class(cls: type, package: str) -> dict[str, Any]:
    members: dict[str, Any] = {}
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is object or not _owned(klass, package):
            continue
        names.update(n for n in vars(klass) if not n.startswith("_") or n == "__init__")
    for name in sorted(names):
        info = _member(cls, name)
        if info is not None:
            members[name] = info
    return {"kind": "class", "bases": [b.__name__ for b in cls.__bases__], "members": members}


def describe(obj: Any, package: str) -> dict[str, Any]:
    if inspect.ismodule(obj):
        return {"kind": "module"}
    if inspect.isclass(obj):
        return describe_class(obj, package)
    if callable(obj):
        return {"kind": "function", "signature": signature(obj)}
    return {"kind": "value"}


def _public_names(module: Any) -> list[str]:
    if hasattr(module, "__all__"):
        return sorted(set(module.__all__))
    names = []
    for name, obj in vars(module).items():
        if name.startswith("_"):
            continue
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and getattr(obj, "__module__", None) == module.__name__:
            names.append(name)
    return sorted(names)


def module_names(package: str) -> list[str]:
    root = importlib.import_module(package)
    found = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts[1:]):
            continue
        found.append(info.name)
    return sorted(found)


def describe_package(package: str = "pydynox", modules: list[str] | None = None) -> dict[str, Any]:
    """Public modules -> public names -> descriptions, read by importing ``package``."""
    result: dict[str, Any] = {}
    for name in modules or module_names(package):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        result[name] = {n: describe(getattr(module, n), package) for n in _public_names(module) if hasattr(module, n)}
    return result


def main(wheel_dir: str) -> None:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
        "from record_api_18 import describe_package; print(json.dumps(describe_package(), sort_keys=True))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, wheel_dir, str(HERE)], check=True, capture_output=True, text=True, cwd="/"
    ).stdout
    data = json.loads(out)
    RECORD.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"{RECORD}: {len(data)} modules, {sum(len(v) for v in data.values())} names")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pdx18")
