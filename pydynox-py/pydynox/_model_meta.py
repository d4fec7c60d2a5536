"""The model metaclass: everything a model class needs per call, worked out once at class creation."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pydynox._metrics import ModelMetrics
from pydynox._vector import VectorIndex
from pydynox.attributes import Attribute, TTLAttribute, VersionAttribute
from pydynox.generators import is_auto_generate
from pydynox.hooks import HookType
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex

# (python name, default, required, default is an AutoGenerate strategy)
InitStep = tuple[str, Any, bool, bool]
# (python name, DynamoDB name, serialize or None when it is the identity)
DumpStep = tuple[str, str, Callable[[Any], Any] | None]


class ModelMeta(type):
    """Builds, on each model class:

    - ``_attributes`` (Python name -> Attribute, inherited first),
      ``_partition_key`` / ``_sort_key`` (Python names, the last flagged wins),
      ``_indexes`` (GSIs), ``_local_indexes`` (LSIs) and ``_vector_indexes``, bound to the class,
      ``_hooks`` (HookType -> hooks, inherited first), ``_py_to_dynamo`` /
      ``_dynamo_to_py`` (alias maps), and a metrics store of its own;
    - the plans the hot paths follow: ``_init_plan``, ``_dump_plan``,
      ``_load_plan``, ``_autogen``, ``_version_name``, ``_ttl_name``,
      ``_typed_names``, ``_key_plan``.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> ModelMeta:
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        _build(cls)
        return cls


def _members(cls: type) -> dict[str, Any]:
    """Class members by name, base classes first; an override keeps the overridden one's place."""
    members: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        members.update(vars(klass))
    return members


def _build(cls: Any) -> None:
    members = _members(cls)
    attributes: dict[str, Attribute[Any]] = {}
    hooks: dict[HookType, list[Callable[[Any], Any]]] = {hook_type: [] for hook_type in HookType}
    indexes: dict[str, GlobalSecondaryIndex[Any]] = {}
    local_indexes: dict[str, LocalSecondaryIndex[Any]] = {}
    vector_indexes: dict[str, VectorIndex[Any]] = {}
    for key, value in members.items():
        if isinstance(value, Attribute):
            if value.attr_name is None:
                value.attr_name = key
            attributes[key] = value
        elif isinstance(value, (GlobalSecondaryIndex, LocalSecondaryIndex)):
            index = value if value._model in (None, cls) else copy.copy(value)
            index._bind(cls, key)
            if index is not value:
                type.__setattr__(cls, key, index)
            (indexes if isinstance(index, GlobalSecondaryIndex) else local_indexes)[key] = index  # type: ignore[index]
        elif isinstance(value, VectorIndex):
            # An index inherited from a bound model gets a copy of its own, bound below.
            vector = value if value._model_class in (None, cls) else value._clone_unbound()
            if vector is not value:
                type.__setattr__(cls, key, vector)
            vector_indexes[key] = vector
        else:
            hook_type = getattr(value, "_hook_type", None)
            if isinstance(hook_type, HookType):
                hooks[hook_type].append(value)

    cls._attributes = attributes
    cls._partition_key = None
    cls._sort_key = None
    for key, attribute in attributes.items():
        if attribute.partition_key:
            cls._partition_key = key
        if attribute.sort_key:
            cls._sort_key = key
    cls._indexes = indexes
    cls._local_indexes = local_indexes
    cls._hooks = {hook_type: tuple(functions) for hook_type, functions in hooks.items()}
    cls._py_to_dynamo = {key: attribute.alias or key for key, attribute in attributes.items()}
    cls._dynamo_to_py = {attribute.alias or key: key for key, attribute in attributes.items()}
    cls._client_instance = None
    cls._metrics_last = None
    cls._metrics_total = ModelMetrics()

    cls._init_plan = tuple((key, a.default, a.required, is_auto_generate(a.default)) for key, a in attributes.items())
    cls._dump_plan = tuple((key, a.alias or key, _own(a, "serialize")) for key, a in attributes.items())
    load_plan: dict[str, tuple[str, Callable[[Any], Any] | None]] = {}
    for key, attribute in attributes.items():
        step = (key, _own(attribute, "deserialize"))
        load_plan.setdefault(key, step)
        load_plan[attribute.alias or key] = step
    cls._load_plan = load_plan
    cls._autogen = tuple((key, a.default) for key, a in attributes.items() if is_auto_generate(a.default))
    cls._version_name = next((key for key, a in attributes.items() if isinstance(a, VersionAttribute)), None)
    cls._ttl_name = next((key for key, a in attributes.items() if isinstance(a, TTLAttribute)), None)
    cls._typed_names = tuple(key for key, a in attributes.items() if a.typed_structure)
    cls._key_plan = tuple(
        (key, attributes[key].alias or key, _own(attributes[key], "serialize"))
        for key in (cls._partition_key, cls._sort_key)
        if key is not None
    )
    # Model inheritance: the discriminator attribute names each item's class (its __name__).
    cls._discriminator_attr = next((key for key, a in attributes.items() if getattr(a, "discriminator", False)), None)
    _register_discriminated(cls)
    # Numbers read exactly (DecimalAttribute): the wire text, not a float.
    cls._exact_numbers = frozenset((a.alias or key) for key, a in attributes.items() if getattr(a, "exact_number", False))
    cls._templates = tuple((key, a) for key, a in attributes.items() if getattr(a, "template", None) is not None)
    cls._s3_names = tuple(key for key, a in attributes.items() if type(a).__name__ == "S3Attribute")
    # Attributes that check or convert what is assigned to them (DecimalAttribute, VectorAttribute).
    cls._assign_checks = {key: a._on_assign for key, a in attributes.items() if hasattr(a, "_on_assign")}
    cls._vector_indexes = vector_indexes
    for vector in vector_indexes.values():
        vector._bind_to_model(cls)  # checks the index against the attributes
    config = members.get("model_config")
    cls._strict = bool(getattr(config, "strict_attributes", False))


def _own(attribute: Attribute[Any], method: str) -> Callable[[Any], Any] | None:
    """The attribute's bound `method`, or None when it is the base class's identity."""
    if getattr(type(attribute), method) is getattr(Attribute, method):
        return None
    return getattr(attribute, method)  # type: ignore[no-any-return]


def _register_discriminated(cls: Any) -> None:
    """``_discriminator_registry``: the classes, by name, that this model loads items as (1.8's rule).

    A class starts with its bases' registries as they are when it is made, adds
    itself, and joins every ancestor's. So a model loads items of its
    descendants, of its ancestors, and of the siblings defined before it; the
    rest load as the model itself. Unlike 1.8, registries stop at the class that
    declares the discriminator: ``Model`` collects none, so a model never loads
    an item as a class of another hierarchy.
    """
    registry: dict[str, type] = {}
    cls._discriminator_registry = registry
    if cls._discriminator_attr is None:
        return
    for base in cls.__bases__:
        if getattr(base, "_discriminator_attr", None) is not None:
            registry.update(base._discriminator_registry)
    registry[cls.__name__] = cls
    for ancestor in cls.__mro__[1:]:
        if getattr(ancestor, "_discriminator_attr", None) is not None:
            ancestor._discriminator_registry[cls.__name__] = cls
