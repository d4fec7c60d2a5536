"""Strings, numbers, booleans, binary, lists, maps and JSON."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pydynox.attributes.base import Attribute

if TYPE_CHECKING:
    from pydynox.generators import AutoGenerate

__all__ = ["BinaryAttribute", "BooleanAttribute", "JSONAttribute", "ListAttribute", "MapAttribute", "NumberAttribute", "StringAttribute"]

_MT = TypeVar("_MT")  # what a MapAttribute / JSONAttribute holds


class StringAttribute(Attribute[str]):
    """A string (``S``). ``template="USER#{email}"`` builds the value from other attributes (key templates)."""

    attr_type = "S"

    def __init__(
        self,
        partition_key: bool = False,
        sort_key: bool = False,
        default: str | AutoGenerate | None = None,
        required: bool = False,
        template: Any | None = None,
        discriminator: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(partition_key, sort_key, default, required, discriminator, alias)
        self.template = template
        self._parts: list[tuple[bool, str]] = parse_template(template) if template else []

    @property
    def has_template(self) -> bool:
        """Whether the value is built from a template."""
        return self.template is not None

    @property
    def placeholders(self) -> list[str]:
        """The attribute names the template reads, in order."""
        return [text for is_name, text in self._parts if is_name]

    def build_key(self, values: dict[str, Any]) -> str:
        """The template filled from `values` (each value as ``str()`` gives it, None too, as in pydynox 1.8).

        ValueError when there is no template or a placeholder is not in `values`.
        """
        if not self._parts:
            raise ValueError("No template defined for this attribute")
        out = []
        for is_name, text in self._parts:
            if not is_name:
                out.append(text)
            elif text not in values:
                raise ValueError(f"Missing value for template placeholder: {text}")
            else:
                out.append(str(values[text]))
        return "".join(out)

    def get_prefix(self) -> str:
        """The template's fixed text before its first placeholder ("USER#" for "USER#{email}")."""
        prefix = []
        for is_name, text in self._parts:
            if is_name:
                break
            prefix.append(text)
        return "".join(prefix)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def parse_template(template: Any) -> list[tuple[bool, str]]:
    """``"USER#{email}"`` -> ``[(False, "USER#"), (True, "email")]``; a PEP 750 t-string is read the same way."""
    strings, interpolations = getattr(template, "strings", None), getattr(template, "interpolations", None)
    if strings is not None and interpolations is not None:
        parts: list[tuple[bool, str]] = []
        for index, text in enumerate(strings):
            if text:
                parts.append((False, text))
            if index < len(interpolations):
                parts.append((True, interpolations[index].expression))
        return parts
    parts, at = [], 0
    for match in _PLACEHOLDER.finditer(str(template)):
        if match.start() > at:
            parts.append((False, template[at : match.start()]))
        parts.append((True, match.group(1)))
        at = match.end()
    if at < len(template):
        parts.append((False, template[at:]))
    return parts


class NumberAttribute(Attribute[float]):
    attr_type = "N"


class BooleanAttribute(Attribute[bool]):
    attr_type = "BOOL"


class BinaryAttribute(Attribute[bytes]):
    attr_type = "B"


class ListAttribute(Attribute[list[Any]]):
    attr_type = "L"


class _Typed(Attribute[_MT]):
    """An attribute that may hold instances of a pydantic model or a dataclass."""

    def __init__(
        self,
        model_class: Any = None,
        *,
        partition_key: bool = False,
        sort_key: bool = False,
        default: Any = None,
        required: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(
            partition_key=partition_key, sort_key=sort_key, default=default, required=required, alias=alias
        )
        self.model_class = model_class
        self._adapter: Any = None

    @property
    def typed_structure(self) -> bool:  # type: ignore[override]
        return self.model_class is not None

    def _dump(self, value: Any, json_mode: bool) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json") if json_mode else value.model_dump()
        return value

    def _load(self, data: Any) -> Any:
        cls = self.model_class
        if dataclasses.is_dataclass(cls):
            if not isinstance(data, dict):
                return data
            known = {field.name for field in dataclasses.fields(cls)}
            return cls(**{key: value for key, value in data.items() if key in known})
        if hasattr(cls, "model_validate"):
            return cls.model_validate(data)
        if self._adapter is None:
            from pydantic import TypeAdapter  # only for non-model pydantic types

            self._adapter = TypeAdapter(cls)
        return self._adapter.validate_python(data)


class MapAttribute(_Typed[_MT]):
    """A map (DynamoDB ``M``): a plain dict, or a pydantic model / dataclass given as `model_class`."""

    attr_type = "M"

    if TYPE_CHECKING:
        # Static only: what the value is, from `model_class` (a plain dict without one).
        @overload
        def __init__(
            self: MapAttribute[dict[str, Any]],
            model_class: None = None,
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: dict[str, Any] | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        @overload
        def __init__(
            self,
            model_class: type[_MT],
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: _MT | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        def __init__(self, model_class: Any = None, **options: Any) -> None: ...

    def serialize(self, value: Any) -> Any:
        return self._dump(value, json_mode=False) if self.model_class is not None else value

    def deserialize(self, value: Any) -> Any:
        if self.model_class is None or value is None:
            return value
        return self._load(value)


class JSONAttribute(_Typed[_MT]):
    """Any JSON-able value, stored as a JSON string (``S``); typed with a pydantic type or dataclass."""

    attr_type = "S"

    if TYPE_CHECKING:
        # Static only: what the value is, from `model_class` (a dict or list without one).
        @overload
        def __init__(
            self: JSONAttribute[dict[str, Any] | list[Any]],
            model_class: None = None,
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: Any = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        @overload
        def __init__(
            self,
            model_class: type[_MT],
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: _MT | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        def __init__(self, model_class: Any = None, **options: Any) -> None: ...

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if self.model_class is not None:
            value = self._dump(value, json_mode=True)
        return json.dumps(value)

    def deserialize(self, value: Any) -> Any:
        if isinstance(value, str):
            value = json.loads(value)
        if self.model_class is None or value is None:
            return value
        return self._load(value)
