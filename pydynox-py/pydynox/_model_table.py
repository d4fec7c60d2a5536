"""Table operations from a model: the schema comes from its keys and indexes."""

from __future__ import annotations

from pydynox.size import ItemSize, calculate_item_size

from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._model_base import ModelBase


class TableMixin(ModelBase):
    @classmethod
    def _table_definition(cls) -> dict[str, Any]:
        """`DynamoDBClient.create_table` arguments for this model's keys and indexes."""
        cls._require_partition_key()
        attributes = cls._attributes

        def spec(name: str) -> tuple[str, str]:
            attribute = attributes[name]
            return attribute.dynamo_name, attribute.attr_type

        definition: dict[str, Any] = {"partition_key": spec(cls._partition_key)}  # type: ignore[arg-type]
        if cls._sort_key is not None:
            definition["sort_key"] = spec(cls._sort_key)
        if cls._indexes:
            definition["global_secondary_indexes"] = [index._create_definition() for index in cls._indexes.values()]
        if cls._local_indexes:
            definition["local_secondary_indexes"] = [
                index._create_definition() for index in cls._local_indexes.values()
            ]
        return definition

    @classmethod
    def _vector_definitions(cls, billing_mode: str) -> list[dict[str, Any]] | None:
        """The vector indexes to create with the table (declared indexes exist only once a table is created so)."""
        if not cls._vector_indexes:
            return None
        if billing_mode != "PAY_PER_REQUEST":
            raise ValueError("Vector indexes require PAY_PER_REQUEST billing mode")
        return [index.to_create_table_definition(cls) for index in cls._vector_indexes.values()]

    @classmethod
    def sync_create_table(
        cls,
        billing_mode: str = "PAY_PER_REQUEST",
        read_capacity: int | None = None,
        write_capacity: int | None = None,
        table_class: str | None = None,
        encryption: str | None = None,
        kms_key_id: str | None = None,
        wait: bool = False,
        timeout_seconds: float | None = None,
    ) -> None:
        """Create the model's table with its keys, GSIs, LSIs and vector indexes."""
        definition = cls._table_definition()
        vector_indexes = cls._vector_definitions(billing_mode)
        cls._get_client().sync_create_table(
            cls._table_name(),
            billing_mode=billing_mode,
            read_capacity=read_capacity,
            write_capacity=write_capacity,
            table_class=table_class,
            encryption=encryption,
            kms_key_id=kms_key_id,
            wait=wait,
            timeout_seconds=timeout_seconds,
            vector_indexes=vector_indexes,
            **definition,
        )

    @classmethod
    async def create_table(
        cls,
        billing_mode: str = "PAY_PER_REQUEST",
        read_capacity: int | None = None,
        write_capacity: int | None = None,
        table_class: str | None = None,
        encryption: str | None = None,
        kms_key_id: str | None = None,
        wait: bool = False,
        timeout_seconds: float | None = None,
    ) -> None:
        """Create the model's table with its keys, GSIs, LSIs and vector indexes."""
        definition = cls._table_definition()
        vector_indexes = cls._vector_definitions(billing_mode)
        await cls._get_client().create_table(
            cls._table_name(),
            billing_mode=billing_mode,
            read_capacity=read_capacity,
            write_capacity=write_capacity,
            table_class=table_class,
            encryption=encryption,
            kms_key_id=kms_key_id,
            wait=wait,
            timeout_seconds=timeout_seconds,
            vector_indexes=vector_indexes,
            **definition,
        )

    @classmethod
    def sync_table_exists(cls) -> bool:
        """Whether the model's table exists."""
        return cls._get_client().sync_table_exists(cls._table_name())

    @classmethod
    async def table_exists(cls) -> bool:
        """Whether the model's table exists."""
        # The blocking twin on the pool: 1.8's memory client answers table_exists synchronously.
        return await run_blocking(cls._get_client().sync_table_exists, cls._table_name())

    @classmethod
    def sync_delete_table(cls) -> None:
        """Delete the model's table."""
        cls._get_client().sync_delete_table(cls._table_name())

    @classmethod
    async def delete_table(cls) -> None:
        """Delete the model's table."""
        await cls._get_client().delete_table(cls._table_name())


class ExtrasMixin:
    """`calculate_size` and PartiQL on models."""

    def calculate_size(self, detailed: bool = False) -> ItemSize:
        """The item's size as DynamoDB counts it (by stored names, after serialization)."""
        return calculate_item_size(self.to_dict(), detailed)  # type: ignore[attr-defined]

    @classmethod
    def sync_execute_statement(
        cls, statement: str, parameters: list[Any] | None = None, consistent_read: bool = False
    ) -> list[Any]:
        """Run a PartiQL SELECT; the items as instances of this model."""
        items = cls._get_client().sync_execute_statement(statement, parameters, consistent_read)  # type: ignore[attr-defined]
        return [cls.from_dict(item) for item in items]  # type: ignore[attr-defined]

    @classmethod
    async def execute_statement(
        cls, statement: str, parameters: list[Any] | None = None, consistent_read: bool = False
    ) -> list[Any]:
        """Run a PartiQL SELECT; see `sync_execute_statement`."""
        items = await cls._get_client().execute_statement(statement, parameters, consistent_read)  # type: ignore[attr-defined]
        return [cls.from_dict(item) for item in items]  # type: ignore[attr-defined]
