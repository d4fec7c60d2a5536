"""Model classes without I/O: declaration, construction, dict conversion, change tracking, equality."""

from __future__ import annotations

from typing import Any

import pytest

import pydynox
from pydynox import DynamoDBClient, Model, ModelConfig, clear_default_client, get_default_client, set_default_client
from pydynox.attributes import (
    Attribute,
    ListAttribute,
    NumberAttribute,
    StringAttribute,
    StringSetAttribute,
    VersionAttribute,
)
from pydynox.generators import AutoGenerate
from pydynox.hooks import HookType, after_load, before_save
from pydynox.indexes import GlobalSecondaryIndex


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    name = StringAttribute(alias="full_name")
    age = NumberAttribute(default=0)
    tags = ListAttribute(default=[])
    role = StringAttribute(required=True, default=None)
    by_name = GlobalSecondaryIndex("name-index", partition_key="name")


class Plain(Model):
    pk = StringAttribute(partition_key=True)
    note = StringAttribute(required=True)


def test_metaclass_records_attributes_keys_aliases_and_indexes() -> None:
    assert list(User._attributes) == ["pk", "sk", "name", "age", "tags", "role"]
    assert User._attributes["name"].attr_name == "name"
    assert (User._partition_key, User._sort_key) == ("pk", "sk")
    assert User._py_to_dynamo["name"] == "full_name" and User._dynamo_to_py["full_name"] == "name"
    assert User._indexes["by_name"]._model is User
    assert isinstance(User.age, Attribute)  # class access gives the attribute


def test_construction_defaults_required_and_unknown_kwargs() -> None:
    user = User(pk="u", sk="s", role="admin", nickname="ignored")
    assert (user.name, user.age, user.tags, user.role) == (None, 0, [], "admin")
    assert not hasattr(user, "nickname")
    with pytest.raises(ValueError, match="Attribute 'role' is required"):
        User(pk="u", sk="s")
    assert User(pk="u", sk="s", role=None).role is None  # an explicit None is accepted
    assert User(pk="u", sk="s", role="r").tags is User(pk="v", sk="s", role="r").tags  # defaults are shared


def test_values_are_stored_as_given() -> None:
    user = User(pk="u", sk="s", role="r", age="not a number")
    assert user.age == "not a number"


def test_to_dict_uses_alias_names_and_leaves_out_none() -> None:
    user = User(pk="u", sk="s", role="r", name="Ada")
    assert user.to_dict() == {"pk": "u", "sk": "s", "full_name": "Ada", "age": 0, "tags": [], "role": "r"}
    assert repr(user) == "User(pk='u', sk='s', full_name='Ada', age=0, tags=[], role='r')"


def test_from_dict_accepts_both_names_ignores_unknown_and_marks_loaded() -> None:
    user = User.from_dict({"pk": "u", "sk": "s", "full_name": "Ada", "role": "r", "extra": 1})
    assert user.name == "Ada" and not hasattr(user, "extra")
    assert user.is_dirty is False and user.changed_fields == []
    assert User.from_dict({"pk": "u", "sk": "s", "name": "Bob", "role": "r"}).name == "Bob"
    with pytest.raises(ValueError):
        User.from_dict({"pk": "u", "sk": "s"})


def test_change_tracking_only_on_loaded_instances() -> None:
    fresh = User(pk="u", sk="s", role="r")
    fresh.name = "x"
    assert fresh.changed_fields == [] and not fresh.is_dirty
    loaded = User.from_dict({"pk": "u", "sk": "s", "full_name": "Ada", "role": "r", "age": 3})
    loaded.age = 4
    loaded.name = "Bob"
    assert loaded.changed_fields == ["age", "name"] and loaded.is_dirty
    loaded.age = 3  # back to the loaded value
    assert loaded.changed_fields == ["name"]
    loaded._private = 1
    assert loaded.changed_fields == ["name"]
    loaded.tags.append("in place")  # in-place changes of plain lists are not seen
    assert loaded.changed_fields == ["name"]


def test_equality_is_class_and_key_and_instances_are_unhashable() -> None:
    a = User(pk="u", sk="s", role="r", name="A")
    b = User(pk="u", sk="s", role="other", name="B")
    assert a == b
    assert a != User(pk="u", sk="t", role="r")
    assert a != Plain(pk="u", note="n")
    assert a != "u"
    with pytest.raises(TypeError):
        hash(a)


def test_model_without_config_works_offline_but_not_for_io() -> None:
    plain = Plain(pk="p", note="n")
    assert plain.to_dict() == {"pk": "p", "note": "n"}
    with pytest.raises(ValueError, match="Model Plain must define model_config"):
        plain.sync_save()


def test_no_partition_key() -> None:
    class Keyless(Model):
        model_config = ModelConfig(table="t")
        name = StringAttribute()

    set_default_client(DynamoDBClient())
    try:
        with pytest.raises(ValueError, match="Model Keyless has no partition_key defined"):
            Keyless.sync_get(name="x")
        with pytest.raises(ValueError, match="has no partition_key"):
            Keyless.sync_create_table()
    finally:
        clear_default_client()


def test_inheritance_keeps_attributes_hooks_and_indexes() -> None:
    calls: list[str] = []

    class Base(Model):
        model_config = ModelConfig(table="base")
        pk = StringAttribute(partition_key=True)
        email = StringAttribute()
        by_email = GlobalSecondaryIndex("email-index", partition_key="email")

        @before_save
        def base_hook(self) -> None:
            calls.append("base")

    class Child(Base):
        level = NumberAttribute()

        @before_save
        def child_hook(self) -> None:
            calls.append("child")

        @after_load
        def loaded(self) -> None:
            calls.append("loaded")

    assert list(Child._attributes) == ["pk", "email", "level"]
    assert Child._partition_key == "pk"
    assert [hook.__name__ for hook in Child._hooks[HookType.BEFORE_SAVE]] == ["base_hook", "child_hook"]
    assert Child.by_email._model is Child and Base.by_email._model is Base
    assert Child._client_instance is None and Child._metrics_total is not Base._metrics_total
    Child(pk="c")._run_hooks(HookType.BEFORE_SAVE)
    assert calls == ["base", "child"]


def test_client_resolution_and_caching() -> None:
    class Cached(Model):
        model_config = ModelConfig(table="cached")
        pk = StringAttribute(partition_key=True)

    class Explicit(Model):
        explicit = DynamoDBClient(region="eu-west-1")
        model_config = ModelConfig(table="explicit", client=explicit)
        pk = StringAttribute(partition_key=True)

    clear_default_client()
    assert get_default_client() is None
    with pytest.raises(ValueError, match="No client configured for Cached"):
        Cached._get_client()
    first, second = DynamoDBClient(), DynamoDBClient()
    set_default_client(first)
    assert get_default_client() is first
    assert Cached._get_client() is first
    set_default_client(second)
    assert Cached._get_client() is first  # cached on first use
    assert Explicit._get_client() is Explicit.explicit
    clear_default_client()


def test_from_dict_goes_through_an_overridden_constructor() -> None:
    seen: list[dict[str, Any]] = []

    class Custom(Model):
        model_config = ModelConfig(table="custom")
        pk = StringAttribute(partition_key=True)

        def __init__(self, **kwargs: Any) -> None:
            seen.append(kwargs)
            super().__init__(**kwargs)

    loaded = Custom.from_dict({"pk": "a"})
    assert seen == [{"pk": "a"}] and loaded.pk == "a" and not loaded.is_dirty


def test_strict_attributes() -> None:
    class Strict(Model):
        model_config = ModelConfig(table="strict", strict_attributes=True)
        pk = StringAttribute(partition_key=True)

    with pytest.raises(AttributeError):
        Strict(pk="a", other=1)
    item = Strict(pk="a")
    with pytest.raises(AttributeError):
        item.other = 1
    item._private = 1  # private names are allowed
    assert Strict.from_dict({"pk": "a", "stored_elsewhere": 1}).pk == "a"  # stored extras are still ignored


def test_version_and_autogenerate_defaults_stay_none_until_save() -> None:
    class Doc(Model):
        model_config = ModelConfig(table="docs")
        pk = StringAttribute(partition_key=True, default=AutoGenerate.ULID)
        version = VersionAttribute()
        tags = StringSetAttribute()

    doc = Doc()
    assert doc.pk is None and doc.version is None


def test_public_names() -> None:
    for name in pydynox.__all__:
        assert getattr(pydynox, name) is not None
    assert pydynox.__version__ == "1.8.0" and "pydynox version: 1.8.0" in pydynox.version_info()
    from pydynox.atomic import AtomicOp  # noqa: F401
    from pydynox.client import DynamoDBClient as Client
    from pydynox.config import ModelConfig as Config
    from pydynox.generators import generate_value, is_auto_generate  # noqa: F401
    from pydynox.model import AsyncModelQueryResult, AsyncModelScanResult, ModelQueryResult, ModelScanResult  # noqa: F401
    from pydynox.query import AsyncQueryResult, AsyncScanResult, QueryResult, ScanResult  # noqa: F401

    assert Client is DynamoDBClient and Config is ModelConfig


def test_pydynox_never_imports_fakedynamo() -> None:
    import ast
    from pathlib import Path

    root = Path(pydynox.__file__).parent
    for path in root.rglob("*.py"):
        if "testing" in path.relative_to(root).parts:
            continue  # pydynox.testing is the test glue built on fakedynamo
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[Any] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "fakedynamo" for name in names), path
