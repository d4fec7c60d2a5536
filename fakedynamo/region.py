"""One account's state in one region: the tables its requests address."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakedynamo.errors import DynamoDBError, resource_not_found, validation
from fakedynamo.storage import Table

if TYPE_CHECKING:
    from fakedynamo.engine import Engine
    from fakedynamo.streams import Stream

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"

# An account's default DynamoDB quotas (Developer Guide, "Service, account, and
# table quotas"); DescribeLimits reports them and the control plane enforces them.
TABLE_MAX_CAPACITY_UNITS = 40_000
ACCOUNT_MAX_CAPACITY_UNITS = 80_000

# The key DynamoDB encrypts with when SSESpecification asks for KMS without naming one.
AWS_MANAGED_KEY_ALIAS = "alias/aws/dynamodb"


class Region:
    """The state of one account in one region: its tables."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.tables: dict[str, Table] = {}
        self.streams: dict[str, Stream] = {}  # stream ARN -> stream, disabled ones for 24 hours
        self._kms_aliases: dict[str, str] = {}  # alias name -> key id
        # Backups, exports, imports and bulk operations by ARN (fakedynamo.operations.backups etc.);
        # each outlives its table, as AWS's do.
        self.backups: dict[str, Any] = {}
        self.exports: dict[str, Any] = {}
        self.imports: dict[str, Any] = {}
        self.bulk_operations: dict[str, Any] = {}

    def holds_state(self) -> bool:
        """Whether anything is stored here (count any new per-region state in this too)."""
        return bool(
            self.tables or self._kms_aliases or self.streams
            or self.backups or self.exports or self.imports or self.bulk_operations
        )

    @property
    def account_id(self) -> str:
        return self.engine.account_id

    def now(self) -> float:
        return self.engine.now()

    def arn(self, resource: str) -> str:
        return f"arn:aws:dynamodb:{self.name}:{self.account_id}:{resource}"

    def table(self, name: str) -> Table:
        """The table called `name` (or whose ARN is `name`), or DynamoDB's error for a missing one."""
        if name.startswith("arn:"):
            name = self._table_name_in(name)
        table = self.tables.get(name)
        if table is None:
            raise resource_not_found(f"Requested resource not found: Table: {name} not found")
        return table

    def _table_name_in(self, arn: str) -> str:
        """The table name a table ARN given as TableName addresses, refusing another region's or account's."""
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
            return arn
        region, account, resource = parts[3], parts[4], parts[5]
        if region != self.name:
            raise validation(f"1 validation error detected: Invalid AWS region in '{arn}'")
        if account != self.account_id:
            raise DynamoDBError("AccessDeniedException", "Access is denied")
        name = resource[len("table/") :]
        return arn if "/" in name else name

    # -- KMS keys ----------------------------------------------------------

    def kms_key_arn(self, key: str | None) -> str:
        """The ARN of the KMS key `key` names (id, ARN, alias or alias ARN); the AWS managed key for None."""
        if key is None:
            key = AWS_MANAGED_KEY_ALIAS
        if key.startswith("arn:") and ":key/" in key:
            return key
        if key.startswith("arn:") and ":alias/" in key:
            key = "alias/" + key.split(":alias/", 1)[1]
        if key.startswith("alias/"):
            key = self._kms_aliases.setdefault(key, self.engine.new_uuid())
        return f"arn:aws:kms:{self.name}:{self.account_id}:key/{key}"
