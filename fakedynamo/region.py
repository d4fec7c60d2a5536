"""One account's state in one region: the tables its requests address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakedynamo.errors import resource_not_found
from fakedynamo.storage import Table

if TYPE_CHECKING:
    from fakedynamo.engine import Engine

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"


class Region:
    """The state of one account in one region: its tables."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.tables: dict[str, Table] = {}

    @property
    def account_id(self) -> str:
        return self.engine.account_id

    def now(self) -> float:
        return self.engine.now()

    def arn(self, resource: str) -> str:
        return f"arn:aws:dynamodb:{self.name}:{self.account_id}:{resource}"

    def table(self, name: str) -> Table:
        """The table called `name`, or DynamoDB's error for a missing one."""
        table = self.tables.get(name)
        if table is None:
            raise resource_not_found(f"Requested resource not found: Table: {name} not found")
        return table
