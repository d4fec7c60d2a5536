"""Model item operations: get, save, delete, update, update_by_key, delete_by_key, extend_ttl.

Each operation is written once as a request builder (hooks, versions,
expressions) and a finisher (metrics, hooks, change tracking); the async
method awaits the call on the I/O pool, the ``sync_`` twin makes it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, to_dynamo
from pydynox._internal._atomic import render_atomic
from pydynox._metrics import WRITE_CAPACITY, kms_calls_into
from pydynox._model_base import _CHANGED, _ORIGINAL, ModelBase
from pydynox._s3 import S3File
from pydynox._size import item_size
from pydynox.atomic import AtomicOp
from pydynox.conditions import Condition, _Render, render
from pydynox.exceptions import ItemTooLargeException
from pydynox.generators import generate_value
from pydynox.hooks import HookType

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

M = TypeVar("M", bound="CrudMixin")

# What a builder hands over: client, botocore method, request, metrics operation name, hooks skipped.
Plan = tuple["DynamoDBClient", str, dict[str, Any], str, bool]


def _add_condition(
    request: dict[str, Any],
    condition: Condition | None,
    names: dict[str, str],
    values: dict[str, Any],
    prefix: str = ":v",
) -> None:
    """Render `condition` into `request`, next to the names ({"#x": name}) and values already used."""
    if condition is not None:
        condition_names: dict[str, str] = {}
        request["ConditionExpression"] = render(condition, condition_names, values, prefix)
        names.update({placeholder: name for name, placeholder in condition_names.items()})
    if names:
        request["ExpressionAttributeNames"] = names
    if values:
        request["ExpressionAttributeValues"] = {key: to_dynamo(value) for key, value in values.items()}


class CrudMixin(ModelBase):
    # -- get ------------------------------------------------------------------------

    @classmethod
    def _get_plan(cls, consistent_read: bool | None, keys: dict[str, Any]) -> tuple[DynamoDBClient, dict[str, Any]]:
        config = cls._config()
        client = cls._get_client()
        request = {
            "TableName": config.table,
            "Key": cls._key_from(keys, strict=False),
            "ReturnConsumedCapacity": "TOTAL",
        }
        if config.consistent_read if consistent_read is None else consistent_read:
            request["ConsistentRead"] = True
        return client, request

    @classmethod
    def _got(cls, client: DynamoDBClient, as_dict: bool, response: dict[str, Any], duration_ms: float) -> Any:
        cls._record(client._record(response, duration_ms, "get"), "get")
        item = response.get("Item")
        if item is None:
            return None
        if as_dict:
            return item_from_dynamo(item)
        with kms_calls_into(cls._metrics_total):
            return cls._from_wire(item)

    # The overloads give the type checker the model class, or a dict with as_dict=True.
    @overload
    @classmethod
    def sync_get(
        cls: type[M], consistent_read: bool | None = None, as_dict: Literal[False] = False, **keys: Any
    ) -> M | None: ...
    @overload
    @classmethod
    def sync_get(
        cls: type[M], consistent_read: bool | None = None, *, as_dict: Literal[True], **keys: Any
    ) -> dict[str, Any] | None: ...
    @overload
    @classmethod
    def sync_get(
        cls: type[M], consistent_read: bool | None = None, as_dict: bool = ..., **keys: Any
    ) -> M | dict[str, Any] | None: ...
    @classmethod
    def sync_get(
        cls: type[M], consistent_read: bool | None = None, as_dict: bool = False, **keys: Any
    ) -> M | dict[str, Any] | None:
        """The item with this key (Python names: ``get(pk=..., sk=...)``), or None."""
        client, request = cls._get_plan(consistent_read, keys)
        return cls._got(client, as_dict, *client._send("get_item", request))  # type: ignore[no-any-return]

    @overload
    @classmethod
    async def get(
        cls: type[M], consistent_read: bool | None = None, as_dict: Literal[False] = False, **keys: Any
    ) -> M | None: ...
    @overload
    @classmethod
    async def get(
        cls: type[M], consistent_read: bool | None = None, *, as_dict: Literal[True], **keys: Any
    ) -> dict[str, Any] | None: ...
    @overload
    @classmethod
    async def get(
        cls: type[M], consistent_read: bool | None = None, as_dict: bool = ..., **keys: Any
    ) -> M | dict[str, Any] | None: ...
    @classmethod
    async def get(
        cls: type[M], consistent_read: bool | None = None, as_dict: bool = False, **keys: Any
    ) -> M | dict[str, Any] | None:
        """The item with this key (Python names: ``get(pk=..., sk=...)``), or None."""
        client, request = cls._get_plan(consistent_read, keys)
        return cls._got(client, as_dict, *await run_blocking(client._send, "get_item", request))  # type: ignore[no-any-return]

    # -- save -------------------------------------------------------------------------

    def _version_condition(self, condition: Condition | None, bump: bool) -> Condition | None:
        """AND the optimistic-lock condition onto `condition`; with `bump`, set the next version now."""
        name = type(self)._version_name
        if name is None:
            return condition
        attribute = type(self)._attributes[name]
        current = self.__dict__[name]
        if current is None:
            if not bump:
                return condition
            check: Condition = attribute.not_exists()
        else:
            check = attribute == current
        if bump:
            setattr(self, name, 1 if current is None else current + 1)
        return check if condition is None else condition & check

    def _prepare_put(self, skip: bool) -> None:
        """What every save does before choosing put or update: hooks, generated values."""
        if not skip:
            self._run_hooks(HookType.BEFORE_SAVE)
        state = self.__dict__
        cls = type(self)
        for name, strategy in cls._autogen:
            if state[name] is None:
                setattr(self, name, generate_value(strategy))
        if cls._templates:
            self._build_template_keys()
        for name in cls._s3_names:
            value = state.get(name)
            if isinstance(value, S3File):
                state[name], cost = cls._attributes[name].sync_upload_to_s3(value, self, cls._get_client())
                cls._metrics_total.add_s3(cost.duration_ms, cost.calls, cost.bytes_uploaded, cost.bytes_downloaded)

    def _save_plan(self, condition: Condition | None, skip_hooks: bool | None, full_replace: bool) -> Plan:
        cls = type(self)
        config = cls._config()
        client = cls._get_client()
        skip = config.skip_hooks if skip_hooks is None else skip_hooks
        self._prepare_put(skip)
        condition = self._version_condition(condition, bump=True)
        if config.max_size is not None:
            size = item_size(self.to_dict())
            if size > config.max_size:
                raise ItemTooLargeException(size, config.max_size, self._key_dict())
        state = self.__dict__
        if cls._typed_names:
            self._detect_in_place_changes()
        changed = state[_CHANGED]
        if (
            state[_ORIGINAL] is not None
            and changed
            and not full_replace
            and not any(name in changed for name, _, _ in cls._key_plan)
        ):
            return client, "update_item", self._changes_request(config.table, changed, condition), "update", skip
        request: dict[str, Any] = {
            "TableName": config.table,
            "Item": self._wire_item(),
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        if condition is not None:
            _add_condition(request, condition, {}, {})
        return client, "put_item", request, "put", skip

    def _changes_request(self, table: str, changed: dict[str, None], condition: Condition | None) -> dict[str, Any]:
        """UpdateItem that SETs the changed attributes (None as NULL); condition values as ``:cond*``."""
        attributes = type(self)._attributes
        state = self.__dict__
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        clauses = []
        for index, name in enumerate(changed):
            value = state[name]
            names[f"#f{index}"] = attributes[name].dynamo_name
            values[f":v{index}"] = attributes[name].serialize(value) if value is not None else None
            clauses.append(f"#f{index} = :v{index}")
        request: dict[str, Any] = {
            "TableName": table,
            "Key": self._key(),
            "UpdateExpression": "SET " + ", ".join(clauses),
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        _add_condition(request, condition, names, values, ":cond")
        return request

    def _saved(
        self, client: DynamoDBClient, operation: str, skip: bool, response: dict[str, Any], duration_ms: float
    ) -> None:
        type(self)._record(client._record(response, duration_ms, operation), operation)
        if not skip:
            self._run_hooks(HookType.AFTER_SAVE)
        self._snapshot()

    def sync_save(
        self, condition: Condition | None = None, skip_hooks: bool | None = None, full_replace: bool = False
    ) -> None:
        """Write the item: UpdateItem of the changed attributes for a loaded, changed instance, else PutItem."""
        with kms_calls_into(type(self)._metrics_total):
            client, method, request, operation, skip = self._save_plan(condition, skip_hooks, full_replace)
        self._saved(client, operation, skip, *client._send(method, request))

    async def save(
        self, condition: Condition | None = None, skip_hooks: bool | None = None, full_replace: bool = False
    ) -> None:
        """Write the item: UpdateItem of the changed attributes for a loaded, changed instance, else PutItem."""
        with kms_calls_into(type(self)._metrics_total):
            client, method, request, operation, skip = self._save_plan(condition, skip_hooks, full_replace)
        self._saved(client, operation, skip, *await run_blocking(client._send, method, request))

    # -- delete ------------------------------------------------------------------------

    def _delete_plan(self, condition: Condition | None, skip_hooks: bool | None) -> Plan:
        cls = type(self)
        config = cls._config()
        client = cls._get_client()
        cls._require_partition_key()
        skip = config.skip_hooks if skip_hooks is None else skip_hooks
        if not skip:
            self._run_hooks(HookType.BEFORE_DELETE)
        condition = self._version_condition(condition, bump=False)
        request: dict[str, Any] = {"TableName": config.table, "Key": self._key(), "ReturnConsumedCapacity": WRITE_CAPACITY}
        if condition is not None:
            _add_condition(request, condition, {}, {})
        return client, "delete_item", request, "delete", skip

    def _deleted(self, client: DynamoDBClient, skip: bool, response: dict[str, Any], duration_ms: float) -> None:
        type(self)._record(client._record(response, duration_ms, "delete"), "delete")
        if not skip:
            self._run_hooks(HookType.AFTER_DELETE)

    def sync_delete(self, condition: Condition | None = None, skip_hooks: bool | None = None) -> None:
        """Delete the item (with the version check when the model has a VersionAttribute)."""
        client, method, request, _, skip = self._delete_plan(condition, skip_hooks)
        self._deleted(client, skip, *client._send(method, request))
        self._delete_s3_objects(client)

    def _delete_s3_objects(self, client: Any) -> None:
        """After the item is gone, the S3 objects its S3Attributes pointed at go too."""
        cls = type(self)
        for name in cls._s3_names:
            value = self.__dict__.get(name)
            if value is not None and not isinstance(value, S3File):
                cost = cls._attributes[name].sync_delete_from_s3(value, client)
                cls._metrics_total.add_s3(cost.duration_ms, cost.calls)

    async def delete(self, condition: Condition | None = None, skip_hooks: bool | None = None) -> None:
        """Delete the item (with the version check when the model has a VersionAttribute)."""
        client, method, request, _, skip = self._delete_plan(condition, skip_hooks)
        self._deleted(client, skip, *await run_blocking(client._send, method, request))
        if type(self)._s3_names:
            await run_blocking(self._delete_s3_objects, client)

    # -- update --------------------------------------------------------------------------

    @classmethod
    def _set_request(
        cls, table: str, key: dict[str, Any], updates: dict[str, Any], condition: Condition | None
    ) -> dict[str, Any]:
        """UpdateItem ``SET #f0 = :v0, ...`` of Python-named updates (serialised, under alias names)."""
        attributes = cls._attributes
        unknown = [name for name in updates if name not in attributes]
        if unknown:
            raise ValueError(f"Unknown attribute: {unknown[0]}")
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        clauses = []
        for index, (name, value) in enumerate(updates.items()):
            names[f"#f{index}"] = attributes[name].dynamo_name
            values[f":v{index}"] = attributes[name].serialize(value) if value is not None else None
            clauses.append(f"#f{index} = :v{index}")
        request: dict[str, Any] = {
            "TableName": table,
            "Key": key,
            "UpdateExpression": "SET " + ", ".join(clauses),
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        _add_condition(request, condition, names, values, ":cond")
        return request

    def _update_plan(
        self,
        atomic: Sequence[AtomicOp] | None,
        condition: Condition | None,
        skip_hooks: bool | None,
        updates: dict[str, Any],
    ) -> tuple[DynamoDBClient, dict[str, Any] | None, bool]:
        cls = type(self)
        config = cls._config()
        client = cls._get_client()
        cls._require_partition_key()
        skip = config.skip_hooks if skip_hooks is None else skip_hooks
        if not skip:
            self._run_hooks(HookType.BEFORE_UPDATE)
        if atomic:
            names: dict[str, str] = {}
            values: dict[str, Any] = {}
            renderer = _Render(names, values)
            request: dict[str, Any] = {
                "TableName": config.table,
                "Key": self._key(),
                "UpdateExpression": render_atomic(atomic, renderer),
                "ReturnConsumedCapacity": WRITE_CAPACITY,
            }
            if condition is not None:
                request["ConditionExpression"] = condition._render(renderer)
            request["ExpressionAttributeNames"] = {placeholder: name for name, placeholder in names.items()}
            if values:
                request["ExpressionAttributeValues"] = {key: to_dynamo(value) for key, value in values.items()}
            return client, request, skip
        if updates:
            unknown = [name for name in updates if name not in cls._attributes]
            if unknown:
                raise ValueError(f"Unknown attribute: {unknown[0]}")
            for name, value in updates.items():
                setattr(self, name, value)
            return client, cls._set_request(config.table, self._key(), updates, condition), skip
        return client, None, skip

    def _updated(self, client: DynamoDBClient, skip: bool, sent: tuple[dict[str, Any], float] | None) -> None:
        if sent is not None:
            type(self)._record(client._record(sent[0], sent[1], "update"), "update")
        if not skip:
            self._run_hooks(HookType.AFTER_UPDATE)

    def sync_update(
        self,
        atomic: Sequence[AtomicOp] | None = None,
        condition: Condition | None = None,
        skip_hooks: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Update in place: ``atomic=[User.n.add(1)]`` (instance untouched), or ``name=value`` keywords (set here too)."""
        client, request, skip = self._update_plan(atomic, condition, skip_hooks, kwargs)
        self._updated(client, skip, client._send("update_item", request) if request is not None else None)

    async def update(
        self,
        atomic: Sequence[AtomicOp] | None = None,
        condition: Condition | None = None,
        skip_hooks: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Update in place: ``atomic=[User.n.add(1)]`` (instance untouched), or ``name=value`` keywords (set here too)."""
        client, request, skip = self._update_plan(atomic, condition, skip_hooks, kwargs)
        sent = await run_blocking(client._send, "update_item", request) if request is not None else None
        self._updated(client, skip, sent)

    # -- by key -------------------------------------------------------------------------------

    @classmethod
    def _by_key(cls, kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        key = cls._key_from(kwargs, strict=True)
        key_names = {name for name, _, _ in cls._key_plan}
        return key, {name: value for name, value in kwargs.items() if name not in key_names}

    @classmethod
    def _update_by_key_plan(
        cls, condition: Condition | None, kwargs: dict[str, Any]
    ) -> tuple[DynamoDBClient, dict[str, Any] | None]:
        config = cls._config()
        client = cls._get_client()
        key, updates = cls._by_key(kwargs)
        if not updates:
            return client, None
        return client, cls._set_request(config.table, key, updates, condition)

    @classmethod
    def sync_update_by_key(cls, condition: Condition | None = None, **kwargs: Any) -> None:
        """SET attributes of the item with this key (an upsert); no hooks, no version."""
        client, request = cls._update_by_key_plan(condition, kwargs)
        if request is not None:
            response, duration_ms = client._send("update_item", request)
            cls._record(client._record(response, duration_ms, "update"), "update")

    @classmethod
    async def update_by_key(cls, condition: Condition | None = None, **kwargs: Any) -> None:
        """SET attributes of the item with this key (an upsert); no hooks, no version."""
        client, request = cls._update_by_key_plan(condition, kwargs)
        if request is not None:
            response, duration_ms = await run_blocking(client._send, "update_item", request)
            cls._record(client._record(response, duration_ms, "update"), "update")

    @classmethod
    def _delete_by_key_plan(
        cls, condition: Condition | None, kwargs: dict[str, Any]
    ) -> tuple[DynamoDBClient, dict[str, Any]]:
        config = cls._config()
        client = cls._get_client()
        key, _ = cls._by_key(kwargs)
        request: dict[str, Any] = {"TableName": config.table, "Key": key, "ReturnConsumedCapacity": WRITE_CAPACITY}
        if condition is not None:
            _add_condition(request, condition, {}, {})
        return client, request

    @classmethod
    def sync_delete_by_key(cls, condition: Condition | None = None, **kwargs: Any) -> None:
        """Delete the item with this key; no hooks, no version."""
        client, request = cls._delete_by_key_plan(condition, kwargs)
        response, duration_ms = client._send("delete_item", request)
        cls._record(client._record(response, duration_ms, "delete"), "delete")

    @classmethod
    async def delete_by_key(cls, condition: Condition | None = None, **kwargs: Any) -> None:
        """Delete the item with this key; no hooks, no version."""
        client, request = cls._delete_by_key_plan(condition, kwargs)
        response, duration_ms = await run_blocking(client._send, "delete_item", request)
        cls._record(client._record(response, duration_ms, "delete"), "delete")

    # -- TTL ------------------------------------------------------------------------------------

    def extend_ttl(self, new_expiration: datetime) -> None:
        """Set the TTL attribute and write it at once (blocking, even from async code)."""
        cls = type(self)
        name = cls._ttl_name
        if name is None:
            raise ValueError(f"Model {cls.__name__} has no TTLAttribute")
        setattr(self, name, new_expiration)
        attribute = cls._attributes[name]
        request = {
            "TableName": cls._table_name(),
            "Key": self._key(),
            "UpdateExpression": "SET #ttl = :ttl",
            "ExpressionAttributeNames": {"#ttl": attribute.dynamo_name},
            "ExpressionAttributeValues": {":ttl": to_dynamo(attribute.serialize(new_expiration))},
            "ReturnConsumedCapacity": WRITE_CAPACITY,
        }
        client = cls._get_client()
        response, duration_ms = client._send("update_item", request)
        cls._record(client._record(response, duration_ms, "update"), "update")
