"""What `dynamodb_model` adds to a dataclass or pydantic model: get / save / delete / update and their sync twins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class _Binding:
    """One decorated class's table, key names, client and converters."""

    def __init__(
        self,
        table: str,
        partition_key: str,
        sort_key: str | None,
        client: Any,
        to_dict: Callable[[Any], dict[str, Any]],
        from_dict: Callable[[type[Any], dict[str, Any]], Any],
        validate_update: Callable[[Any, dict[str, Any]], dict[str, Any]] | None,
    ) -> None:
        self.table, self.partition_key, self.sort_key, self.client = table, partition_key, sort_key, client
        self.to_dict, self.from_dict, self.validate_update = to_dict, from_dict, validate_update

    def get_client(self, cls: type[Any]) -> Any:
        """The client: ``client=``, else (an addition to 1.8) the default client, else 1.8's RuntimeError."""
        if self.client is None:
            from pydynox.config import get_default_client

            self.client = get_default_client()
            if self.client is None:
                raise RuntimeError(
                    f"No client set for {cls.__name__}. Pass client= to dynamodb_model() or call _set_client()."
                )
        return self.client

    def key_of(self, instance: Any) -> dict[str, Any]:
        key = {self.partition_key: getattr(instance, self.partition_key)}
        if self.sort_key:
            key[self.sort_key] = getattr(instance, self.sort_key)
        return key

    def updates(self, instance: Any, changes: dict[str, Any]) -> dict[str, Any]:
        """`changes` set on `instance` (validated first, for pydantic), as they are to be sent."""
        if self.validate_update is not None:
            changes = self.validate_update(instance, changes)
        for name, value in changes.items():
            # Only a pydantic model validates names; a dataclass is checked here, as 1.8 does.
            if not hasattr(instance, name):
                raise AttributeError(f"'{type(instance).__name__}' has no attribute '{name}'")
            setattr(instance, name, value)
        return changes


def add_dynamodb_methods(
    cls: type[T],
    table: str,
    partition_key: str,
    sort_key: str | None,
    client: Any,
    to_dict: Callable[[Any], dict[str, Any]],
    from_dict: Callable[[type[Any], dict[str, Any]], Any],
    validate_update: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None,
) -> type[T]:
    binding = _Binding(table, partition_key, sort_key, client, to_dict, from_dict, validate_update)
    target: Any = cls
    target._pydynox_binding = binding
    target._pydynox_table, target._pydynox_partition_key, target._pydynox_sort_key = table, partition_key, sort_key

    def _get_client(klass: Any) -> Any:
        return binding.get_client(klass)

    def _set_client(klass: Any, new_client: Any) -> None:
        binding.client = new_client

    def _get_key(self: Any) -> dict[str, Any]:
        return binding.key_of(self)

    def sync_get(klass: Any, **keys: Any) -> Any:
        item = klass._get_client().sync_get_item(table, keys)
        return None if item is None else binding.from_dict(klass, item)

    async def get(klass: Any, **keys: Any) -> Any:
        item = await klass._get_client().get_item(table, keys)
        return None if item is None else binding.from_dict(klass, item)

    def sync_save(self: Any) -> None:
        self._get_client().sync_put_item(table, binding.to_dict(self))

    async def save(self: Any) -> None:
        await self._get_client().put_item(table, binding.to_dict(self))

    def sync_delete(self: Any) -> None:
        self._get_client().sync_delete_item(table, binding.key_of(self))

    async def delete(self: Any) -> None:
        await self._get_client().delete_item(table, binding.key_of(self))

    def sync_update(self: Any, **changes: Any) -> None:
        self._get_client().sync_update_item(table, binding.key_of(self), updates=binding.updates(self, changes))

    async def update(self: Any, **changes: Any) -> None:
        await self._get_client().update_item(table, binding.key_of(self), updates=binding.updates(self, changes))

    target._get_client, target._set_client = classmethod(_get_client), classmethod(_set_client)
    target._get_key = _get_key
    target.get, target.sync_get = classmethod(get), classmethod(sync_get)
    target.save, target.sync_save = save, sync_save
    target.delete, target.sync_delete = delete, sync_delete
    target.update, target.sync_update = update, sync_update
    return cls
