"""A model instance's state: construction, dict conversion, change tracking, TTL, client and metrics."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydynox._convert import from_dynamo, to_dynamo
from pydynox._metrics import ModelMetrics, OperationMetrics
from pydynox.config import ModelConfig, get_default_client
from pydynox.diagnostics.hot_partition import apply_model_thresholds
from pydynox.hooks import HookType

if TYPE_CHECKING:
    from pydynox.attributes import Attribute
    from pydynox.client import DynamoDBClient
    from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex, VectorIndex

M = TypeVar("M", bound="ModelBase")

# Instance state kept beside the attribute values (not tracked, never saved).
_ORIGINAL = "_original"  # snapshot of the values as loaded / last saved; None for a new instance (1.8's name)
_CHANGED = "_pdx_changed"  # Python names assigned since, in order (a dict used as an ordered set)
_TYPED = "_pdx_typed"  # JSON of typed map/JSON attributes at snapshot time, to catch in-place changes


class ModelBase:
    """State and conversion; the operations live in the mixins `Model` is made of."""

    model_config: ClassVar[ModelConfig]

    # Filled in by the metaclass for every model class (see `pydynox._model_meta`).
    _attributes: ClassVar[dict[str, Attribute[Any]]]
    _partition_key: ClassVar[str | None]
    _sort_key: ClassVar[str | None]
    _indexes: ClassVar[dict[str, GlobalSecondaryIndex[Any]]]
    _local_indexes: ClassVar[dict[str, LocalSecondaryIndex[Any]]]
    _vector_indexes: ClassVar[dict[str, VectorIndex[Any]]]
    _hooks: ClassVar[dict[HookType, tuple[Callable[[Any], Any], ...]]]
    _py_to_dynamo: ClassVar[dict[str, str]]
    _dynamo_to_py: ClassVar[dict[str, str]]
    _client_instance: ClassVar[Any]
    _metrics_last: ClassVar[OperationMetrics | None]
    _metrics_total: ClassVar[ModelMetrics]
    _init_plan: ClassVar[tuple[tuple[str, Any, bool, bool], ...]]
    _dump_plan: ClassVar[tuple[tuple[str, str, Callable[[Any], Any] | None], ...]]
    _load_plan: ClassVar[dict[str, tuple[str, Callable[[Any], Any] | None]]]
    _autogen: ClassVar[tuple[tuple[str, Any], ...]]
    _version_name: ClassVar[str | None]
    _ttl_name: ClassVar[str | None]
    _typed_names: ClassVar[tuple[str, ...]]
    _key_plan: ClassVar[tuple[tuple[str, str, Callable[[Any], Any] | None], ...]]
    _strict: ClassVar[bool]
    _discriminator_attr: ClassVar[str | None]
    _exact_numbers: ClassVar[frozenset[str]]  # DynamoDB names of the DecimalAttributes
    # Class name -> the class an item naming it loads as (see ``_model_meta._register_discriminated``).
    _discriminator_registry: ClassVar[dict[str, type]]
    # Python name -> the attribute's check of a value set on an instance (``Attribute._on_assign``).
    _assign_checks: ClassVar[dict[str, Callable[[Any], Any]]]

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        if cls._strict:
            unknown = [name for name in kwargs if name not in cls._attributes]
            if unknown:
                raise AttributeError(f"{cls.__name__} has no attribute {unknown[0]!r}")
        self._fill(kwargs)
        if cls._assign_checks:
            state = self.__dict__
            for name, check in cls._assign_checks.items():
                if state[name] is not None:
                    state[name] = check(state[name])
        if cls._discriminator_attr is not None and self.__dict__.get(cls._discriminator_attr) is None:
            self.__dict__[cls._discriminator_attr] = cls.__name__
        if cls._templates:
            self._build_template_keys(kwargs)

    def _build_template_keys(self, given: dict[str, Any] | None = None) -> None:
        """Fill each template key (``template="USER#{email}"``) from the attributes it names, once they are set."""
        state = self.__dict__
        for name, attribute in type(self)._templates:
            if given and name in given and given[name] is not None:
                continue
            values = {placeholder: state.get(placeholder) for placeholder in attribute.placeholders}
            if all(value is not None for value in values.values()):
                state[name] = attribute.build_key(values)

    def _fill(self, values: dict[str, Any]) -> None:
        """Set every declared attribute from `values`, its default, or None; a new, unloaded instance."""
        state = self.__dict__
        for name, default, required, generated in type(self)._init_plan:
            if name in values:
                state[name] = values[name]
            elif default is not None:
                state[name] = None if generated else default
            elif required:
                raise ValueError(f"Attribute '{name}' is required")
            else:
                state[name] = None
        state[_ORIGINAL] = None
        state[_CHANGED] = {}

    # -- assignment and change tracking --------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        cls = type(self)
        if name in cls._attributes:
            check = cls._assign_checks.get(name)
            if check is not None:
                value = check(value)
            state = self.__dict__
            state[name] = value
            original = state.get(_ORIGINAL)
            if original is not None:
                if value == original.get(name) and type(value) is type(original.get(name)):
                    state[_CHANGED].pop(name, None)
                else:
                    state[_CHANGED][name] = None
            return
        if cls._strict and not name.startswith("_") and not hasattr(cls, name):
            raise AttributeError(f"{cls.__name__} has no attribute {name!r}")
        object.__setattr__(self, name, value)

    @property
    def is_dirty(self) -> bool:
        """Whether a loaded instance has attributes assigned to new values since it was loaded or saved."""
        return bool(self.__dict__[_CHANGED])

    @property
    def changed_fields(self) -> list[str]:
        """The Python names of the changed attributes, in the order they were changed."""
        return list(self.__dict__[_CHANGED])

    def _snapshot(self, extra: dict[str, Any] | None = None) -> None:
        """Mark the instance as loaded with its current values: nothing changed."""
        cls = type(self)
        state = self.__dict__
        original = {name: state[name] for name in cls._attributes}
        if extra:
            original.update(extra)
        state[_ORIGINAL] = original
        state[_CHANGED] = {}
        if cls._typed_names:
            state[_TYPED] = {name: self._typed_json(name) for name in cls._typed_names}

    def _typed_json(self, name: str) -> str:
        value = self.__dict__[name]
        if value is None:
            return "null"
        return json.dumps(type(self)._attributes[name].serialize(value), sort_keys=True, default=repr)

    def _detect_in_place_changes(self) -> None:
        """Typed map/JSON values changed in place since the snapshot count as changed."""
        snapshot = self.__dict__.get(_TYPED)
        if snapshot is None:
            return
        changed = self.__dict__[_CHANGED]
        for name in type(self)._typed_names:
            if name not in changed and snapshot.get(name) != self._typed_json(name):
                changed[name] = None

    @property
    def _loaded(self) -> bool:
        return self.__dict__[_ORIGINAL] is not None

    # -- dict conversion ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The item as stored: DynamoDB (alias) names, serialised values, None values left out."""
        state = self.__dict__
        item: dict[str, Any] = {}
        for name, dynamo_name, serialize in type(self)._dump_plan:
            value = state[name]
            if value is not None:
                item[dynamo_name] = serialize(value) if serialize is not None else value
        return item

    def _wire_item(self) -> dict[str, Any]:
        """`to_dict()` in DynamoDB's wire form, in one pass."""
        state = self.__dict__
        item: dict[str, Any] = {}
        for name, dynamo_name, serialize in type(self)._dump_plan:
            value = state[name]
            if value is not None:
                item[dynamo_name] = to_dynamo(serialize(value) if serialize is not None else value)
        return item

    @classmethod
    def from_dict(cls: type[M], data: dict[str, Any]) -> M:
        """An instance, marked loaded, from a stored item (DynamoDB or Python names; others ignored)."""
        values: dict[str, Any] = {}
        extra: dict[str, Any] | None = None
        plan = cls._load_plan
        for key, value in data.items():
            step = plan.get(key)
            if step is None:
                if extra is None:
                    extra = {}
                extra[key] = value
                continue
            name, deserialize = step
            values[name] = deserialize(value) if deserialize is not None else value
        return cls._loaded_instance(values, extra)

    @classmethod
    def _loaded_instance(cls: type[M], values: dict[str, Any], extra: dict[str, Any] | None) -> M:
        """A loaded instance from Python-named values (through the constructor when a model overrides it)."""
        if cls.__init__ is ModelBase.__init__:
            instance = cls.__new__(cls)
            instance._fill(values)
        else:
            instance = cls(**values)
        instance._snapshot(extra)
        return instance

    @classmethod
    def _from_wire(cls: type[M], item: dict[str, Any]) -> M:
        """An instance from a wire-form item, with the after_load hooks."""
        if cls._discriminator_attr is not None:
            cls = cls._subclass_for(item)  # type: ignore[assignment]
        values: dict[str, Any] = {}
        extra: dict[str, Any] | None = None
        plan = cls._load_plan
        exact = cls._exact_numbers
        for key, wire in item.items():
            step = plan.get(key)
            if step is None:
                if extra is None:
                    extra = {}
                extra[key] = from_dynamo(wire)
                continue
            name, deserialize = step
            value = Decimal(wire["N"]) if exact and key in exact and "N" in wire else from_dynamo(wire)
            values[name] = deserialize(value) if deserialize is not None else value
        instance = cls._loaded_instance(values, extra)
        hooks = cls._hooks[HookType.AFTER_LOAD]
        if hooks and not cls._config().skip_hooks:
            for hook in hooks:
                hook(instance)
        return instance

    @classmethod
    def _subclass_for(cls, item: dict[str, Any]) -> type[Any]:
        """The model class an item's discriminator names, if this model's registry has it; else this one."""
        wire = item.get(cls._py_to_dynamo[cls._discriminator_attr])  # type: ignore[index]
        name = wire.get("S") if wire else None
        return cls._discriminator_registry.get(name, cls) if name else cls

    @classmethod
    def _converter(cls, as_dict: bool) -> Callable[[dict[str, Any]], Any]:
        """What model reads turn each wire-form item into: an instance, or with `as_dict` a native dict."""
        return cls._native_item if as_dict else cls._from_wire

    @classmethod
    def _native_item(cls, item: dict[str, Any]) -> dict[str, Any]:
        """A wire-form item (or key) as a native dict, the numbers of DecimalAttributes as exact `Decimal`.

        Which attributes are exact follows the class the item's discriminator names; an
        item without one (a continuation key, a projection) takes those of every class
        this model loads items as (its registry).
        """
        exact = cls._exact_numbers_of(item)
        return {
            name: Decimal(value["N"]) if name in exact and "N" in value else from_dynamo(value)
            for name, value in item.items()
        }

    @classmethod
    def _exact_numbers_of(cls, item: dict[str, Any]) -> frozenset[str]:
        if cls._discriminator_attr is None:
            return cls._exact_numbers
        if cls._py_to_dynamo[cls._discriminator_attr] in item:
            return cls._subclass_for(item)._exact_numbers  # type: ignore[no-any-return]
        return frozenset().union(*(klass._exact_numbers for klass in cls._discriminator_registry.values()))

    # -- keys -----------------------------------------------------------------------------

    def _key(self) -> dict[str, Any]:
        """The key in wire form."""
        state = self.__dict__
        return {
            dynamo_name: to_dynamo(serialize(state[name]) if serialize is not None else state[name])
            for name, dynamo_name, serialize in type(self)._key_plan
        }

    def _key_dict(self) -> dict[str, Any]:
        state = self.__dict__
        return {
            dynamo_name: serialize(state[name]) if serialize is not None else state[name]
            for name, dynamo_name, serialize in type(self)._key_plan
        }

    @classmethod
    def _native_key(cls, keys: dict[str, Any], strict: bool) -> dict[str, Any]:
        """A key under DynamoDB names, serialised, from Python-named (or DynamoDB-named) key values.

        With `strict`, a missing partition or sort key raises ValueError;
        otherwise what is there is sent and DynamoDB judges it.
        """
        cls._require_partition_key()
        key: dict[str, Any] = {}
        for index, (name, dynamo_name, serialize) in enumerate(cls._key_plan):
            if name in keys:
                value = keys[name]
            elif dynamo_name in keys:
                value = keys[dynamo_name]
            elif strict:
                raise ValueError(f"Missing required {'partition_key' if index == 0 else 'sort_key'}: {name}")
            else:
                continue
            key[dynamo_name] = serialize(value) if serialize is not None and value is not None else value
        return key

    @classmethod
    def _dynamo_path(cls, path: str) -> list[str]:
        """A Python-named path ("address.city") as DynamoDB segments, its root alias-translated.

        The segments stay apart, so a dot inside an alias ("contact.addr") stays literal.
        """
        segments = path.split(".")
        segments[0] = cls._py_to_dynamo.get(segments[0], segments[0])
        return segments

    @classmethod
    def _key_from(cls, keys: dict[str, Any], strict: bool) -> dict[str, Any]:
        """`_native_key` in wire form."""
        return {name: to_dynamo(value) for name, value in cls._native_key(keys, strict).items()}

    @classmethod
    def _require_partition_key(cls) -> None:
        if cls._partition_key is None:
            raise ValueError(f"Model {cls.__name__} has no partition_key defined")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented if not isinstance(other, ModelBase) else False
        return self._key_dict() == other._key_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.to_dict().items())
        return f"{type(self).__name__}({fields})"

    # -- TTL ------------------------------------------------------------------------------

    def _ttl_value(self) -> datetime | None:
        name = type(self)._ttl_name
        if name is None:
            return None
        value = self.__dict__[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, timezone.utc)
        return value  # type: ignore[no-any-return]

    @property
    def is_expired(self) -> bool:
        """Whether the TTL attribute's time has passed (False without one)."""
        expires = self._ttl_value()
        return expires is not None and datetime.now(timezone.utc) > _aware(expires)

    @property
    def expires_in(self) -> timedelta | None:
        """Time left before the TTL attribute's time; None if passed, unset or no TTL attribute."""
        expires = self._ttl_value()
        if expires is None:
            return None
        left = _aware(expires) - datetime.now(timezone.utc)
        return left if left > timedelta(0) else None

    # -- configuration, client, metrics --------------------------------------------------

    @classmethod
    def _config(cls) -> ModelConfig:
        config = getattr(cls, "model_config", None)
        if config is None:
            raise ValueError(f"Model {cls.__name__} must define model_config")
        return config

    @classmethod
    def _table_name(cls) -> str:
        return cls._config().table

    @classmethod
    def _get_client(cls) -> DynamoDBClient:
        """The class's client: cached, else ModelConfig.client, else the default client."""
        client = cls._client_instance
        if client is None:
            client = cls._config().client or get_default_client()
            if client is None:
                raise ValueError(
                    f"No client configured for {cls.__name__}. "
                    "Either pass client to ModelConfig or call pydynox.set_default_client()"
                )
            cls._client_instance = client
            apply_model_thresholds(client, cls._config())
        return client

    @classmethod
    def _record(cls, metrics: OperationMetrics, operation: str) -> None:
        cls._metrics_last = metrics
        cls._metrics_total.add(metrics, operation)

    @classmethod
    def get_last_metrics(cls) -> OperationMetrics | None:
        """Metrics of this model's last get/save/delete/update."""
        return cls._metrics_last

    @classmethod
    def get_total_metrics(cls) -> ModelMetrics:
        """Totals over this model's get/save/delete/update calls."""
        return cls._metrics_total

    @classmethod
    def reset_metrics(cls) -> None:
        cls._metrics_last = None
        cls._metrics_total.reset()

    def _run_hooks(self, hook_type: HookType) -> None:
        for hook in type(self)._hooks[hook_type]:
            hook(self)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()
