"""The `Attribute` base class: a declared model field that also builds conditions and updates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from pydynox.atomic import AtomicBuilders
from pydynox.conditions import Operand

if TYPE_CHECKING:
    from pydynox.generators import AutoGenerate

__all__ = ["Attribute"]

T = TypeVar("T")  # the Python type of an attribute's value
_A = TypeVar("_A", bound="Attribute[Any]")


class Attribute(Operand, AtomicBuilders, Generic[T]):
    """A declared model attribute. ``alias`` is the name in DynamoDB when it differs from the Python name.

    ``T`` is the Python type of its value: ``User.name`` is the attribute,
    ``user.name`` reads as ``T | None`` for type checkers (as upstream types it).
    """

    attr_type: ClassVar[str] = "S"
    # Whether the stored value is a JSON-able structure whose in-place changes are detected on save.
    typed_structure: ClassVar[bool] = False

    def __init__(
        self,
        partition_key: bool = False,
        sort_key: bool = False,
        default: T | AutoGenerate | None = None,
        required: bool = False,
        discriminator: bool = False,
        alias: str | None = None,
    ) -> None:
        self.partition_key = partition_key
        self.sort_key = sort_key
        self.default = default
        self.required = required
        # The attribute naming a model's subclass in each item (see `pydynox.model` inheritance).
        self.discriminator = discriminator
        self.alias = alias
        self.attr_name: str | None = None

    if TYPE_CHECKING:
        # Static only. At run time an Attribute is no descriptor: an instance's
        # value sits in its __dict__ and is read from there at full speed, while
        # the class attribute stays the Attribute. These tell type checkers so.
        @overload
        def __get__(self: _A, instance: None, owner: Any) -> _A: ...
        @overload
        def __get__(self, instance: Any, owner: Any) -> T | None: ...
        def __get__(self, instance: Any, owner: Any) -> Any: ...
        def __set__(self, instance: Any, value: T | None) -> None: ...

    @property
    def dynamo_name(self) -> str:
        """The attribute's name in DynamoDB (its alias, else its Python name)."""
        name = self.alias or self.attr_name
        if name is None:
            raise RuntimeError(f"{type(self).__name__} is not declared on a model")
        return name

    def _segments(self) -> tuple[str | int, ...]:
        return (self.dynamo_name,)

    def serialize(self, value: Any) -> Any:
        """The value to store (a native value, see `pydynox._convert`)."""
        return value

    def deserialize(self, value: Any) -> Any:
        """The Python value for a stored one."""
        return value

    def __repr__(self) -> str:
        flags = [flag for flag in ("partition_key", "sort_key", "required") if getattr(self, flag)]
        alias = f", alias={self.alias!r}" if self.alias else ""
        return f"{type(self).__name__}(name={self.attr_name!r}{alias}{''.join(', ' + flag for flag in flags)})"
