"""Scripted faults: rules that answer matching requests with a DynamoDB error or a partial batch.

A rule matches on operation, table, index, key (attributes the request's key
or item must hold) and region; it lets `after` matching calls through, then
fires `times` times (None: always), each time with `probability` drawn from a
generator seeded from the engine's id seed, so a run repeats exactly.

A fault fires before the operation runs, so a faulted request changes
nothing, with the code, message and HTTP status DynamoDB uses; botocore's
retry modes classify it as they would AWS's. The exception is a partial
batch (`unprocessed=`): the processed part is applied and the rest comes back
in UnprocessedItems / UnprocessedKeys.
"""

from __future__ import annotations

import copy
import itertools
import random
from dataclasses import dataclass, field
from typing import Any, Iterable

from fakedynamo.errors import DynamoDBError
from fakedynamo.operations.transactions import cancelled
from fakedynamo.partial import batch_size
from fakedynamo.targets import BATCHES, READS, TRANSACTIONS, addressed, is_read, key_matches

# Messages as DynamoDB sends them (captured in public bug reports and SDK tests).
PROVISIONED_TABLE = (
    "The level of configured provisioned throughput for the table was exceeded. "
    "Consider increasing your provisioning level with the UpdateTable API."
)
PROVISIONED_INDEX = (
    "The level of configured provisioned throughput for one or more global secondary indexes of the table was "
    "exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes "
    "with the UpdateTable API"
)
ON_DEMAND_MAXIMUM = "Throughput exceeds the maximum OnDemandThroughput configured on table or index"
TRANSACTION_CONFLICT = "Transaction is ongoing for the item"
CONDITION_FAILED = "The conditional request failed"

MESSAGES: dict[str, str | None] = {
    "ProvisionedThroughputExceededException": PROVISIONED_TABLE,
    # Inferred: the text AWS's control plane throttles with; data-plane captures vary.
    "ThrottlingException": "Rate of requests exceeds the allowed throughput.",
    # Inferred: the long-standing text of this error (newer API docs say "quota" for "limit").
    "RequestLimitExceeded": (
        "Throughput exceeds the current throughput limit for your account. "
        "Please contact AWS Support at https://aws.amazon.com/support request a limit increase"
    ),
    # Inferred: DynamoDB's 500 carries this short text.
    "InternalServerError": "Internal server error",
    "ServiceUnavailable": None,  # a bare 503, as a load balancer in front of the service answers
    "TransactionConflictException": TRANSACTION_CONFLICT,
    "ConditionalCheckFailedException": CONDITION_FAILED,
    "ItemCollectionSizeLimitExceededException": "Collection size exceeded.",
    "TransactionInProgressException": "Transaction is in progress",  # inferred wording
}

# CancellationReasons messages by code (API Reference, TransactWriteItems).
REASON_MESSAGES: dict[str, str | None] = {
    "None": None,
    "TransactionConflict": TRANSACTION_CONFLICT,
    "ConditionalCheckFailed": CONDITION_FAILED,
    "ItemCollectionSizeLimitExceeded": "Collection size exceeded.",
    "ProvisionedThroughputExceeded": PROVISIONED_TABLE,
    "ThrottlingError": (
        "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your "
        "table or index so please try again shortly. If exceptions persist, check if you have a hot key: "
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html."
    ),
}

# Shorthands a rule may name instead of the exception.
ALIASES = {
    "ProvisionedThroughputExceeded": "ProvisionedThroughputExceededException",
    "Throttling": "ThrottlingException",
    "ConditionalCheckFailed": "ConditionalCheckFailedException",
    "TransactionCanceled": "TransactionCanceledException",
    "InternalServerErrorException": "InternalServerError",
    "ServiceUnavailableException": "ServiceUnavailable",
}

_STATUS = {"InternalServerError": 500, "ServiceUnavailable": 503}


class FaultError(DynamoDBError):
    """A scripted DynamoDB error; carries its own HTTP status for the codes the engine never raises."""

    @property
    def status(self) -> int:
        return _STATUS.get(self.code, 400)


@dataclass
class Rule:
    """One scripted fault; see `FaultRules.add`."""

    error: str | None = None
    message: str | None = None
    operation: str | tuple[str, ...] | None = None
    table: str | None = None
    index: str | None = None
    key: dict[str, Any] | None = None
    region: str | None = None
    after: int = 0
    times: int | None = 1
    probability: float = 1.0
    reasons: list[Any] | None = None
    unprocessed: Any = None
    id: int = 0
    matched: int = 0  # matching calls seen
    fired: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def describe(self) -> dict[str, Any]:
        """The rule as JSON (the admin API's answer)."""
        fields = ("id", "error", "message", "operation", "table", "index", "key", "region", "after", "times",
                  "probability", "reasons", "unprocessed", "matched", "fired")
        return {name: getattr(self, name) for name in fields}

    def matches(self, operation: str, request: dict[str, Any], region: str) -> bool:
        if self.operation is not None and operation not in (
            (self.operation,) if isinstance(self.operation, str) else self.operation
        ):
            return False
        if self.region is not None and region != self.region:
            return False
        if self.index is not None and request.get("IndexName") != self.index:
            return False
        if self.table is None and self.key is None:
            return True
        return any(self._names(table, item) for table, item in addressed(operation, request))

    def _names(self, table: str, item: dict[str, Any] | None) -> bool:
        """Whether one addressed (table, key or item) is one this rule is about."""
        if self.table is not None and table != self.table:
            return False
        return self.key is None or key_matches(self.key, item)


class FaultRules:
    """The fault rules of one engine: ``db.faults`` on the mock, ``/_fakedynamo/faults`` on the server."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._rules: list[Rule] = []
        self._ids = itertools.count(1)
        # Seeded from a copy of the engine's generator: deterministic, and the engine's own ids are untouched.
        self._random = random.Random(copy.deepcopy(engine._random).getrandbits(64))
        self.history: list[dict[str, Any]] = []  # what fired: rule id, operation, table, error

    def add(
        self,
        error: str | None = None,
        *,
        operation: str | Iterable[str] | None = None,
        table: str | None = None,
        index: str | None = None,
        key: dict[str, Any] | None = None,
        region: str | None = None,
        message: str | None = None,
        times: int | None = 1,
        after: int = 0,
        nth: int | None = None,
        probability: float = 1.0,
        reasons: list[Any] | None = None,
        unprocessed: Any = None,
    ) -> Rule:
        """Answer matching requests with `error` (any DynamoDB error code) or a partial batch.

        - `operation`, `table`, `index`, `key`, `region`: what to match (None:
          anything); `key` is a dict of attributes in DynamoDB JSON that the
          request's key or item must hold; a batch or transaction matches if
          any of its entries does.
        - `times`: how many times it fires (1 by default; None for always);
          `after`: matching calls let through first; `nth=N`: only the Nth
          matching call (``after=N-1, times=1``); `probability`: chance of
          firing per matching call, from a generator seeded by the mock's seed.
        - `message`: instead of DynamoDB's text for `error`.
        - `reasons` (TransactionCanceledException): a CancellationReasons code
          (or ``{"Code", "Message"}``) per action; without it the actions the
          rule matches get ``TransactionConflict`` and the others ``None``.
          ``error="TransactionConflict"`` is that cancellation for a
          transaction and TransactionConflictException for a single write.
        - `unprocessed` (batches, instead of `error`): the entries to leave
          out: a list of keys (DynamoDB JSON, a key's attributes), an int
          (that many entries from the end), or ``"all"``; the rest is applied.
        """
        if nth is not None:
            if nth < 1:
                raise ValueError("nth counts matching calls from 1")
            after, times = nth - 1, 1
        if (error is None) == (unprocessed is None):
            raise ValueError("give error= (an error code) or unprocessed= (a partial batch), not both")
        operations = (operation,) if isinstance(operation, str) or operation is None else tuple(operation)
        if unprocessed is not None and operation is not None and not set(operations) <= BATCHES:
            raise ValueError("unprocessed= answers BatchWriteItem and BatchGetItem only")
        if times is not None and times < 1:
            raise ValueError("times is at least 1 (None: always)")
        if error is not None:
            error = ALIASES.get(error, error)
        rule = Rule(
            error=error, message=message, operation=operations[0] if len(operations) == 1 else operations,
            table=table, index=index, key=key, region=region, after=after, times=times,
            probability=probability, reasons=reasons, unprocessed=unprocessed,
        )
        with self._engine.lock:
            rule.id = next(self._ids)
            self._rules.append(rule)
        return rule

    def remove(self, rule: Rule | int) -> None:
        rule_id = rule if isinstance(rule, int) else rule.id
        with self._engine.lock:
            self._rules = [r for r in self._rules if r.id != rule_id]

    def clear(self) -> None:
        with self._engine.lock:
            self._rules = []
            self.history = []

    @property
    def rules(self) -> list[Rule]:
        return list(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    # -- firing (under the engine lock) ------------------------------------------

    def check(self, operation: str, request: dict[str, Any], region: str, lookup: Any) -> Rule | None:
        """Raise the error of the first rule that fires; return it instead if it is a partial batch."""
        for rule in self._rules:
            if rule.exhausted or not rule.matches(operation, request, region):
                continue
            if rule.unprocessed is not None and operation not in BATCHES:
                continue
            rule.matched += 1
            if rule.matched <= rule.after:
                continue
            if rule.probability < 1.0 and self._random.random() >= rule.probability:
                continue
            rule.fired += 1
            table = next((t for t, _ in addressed(operation, request)), None)
            self.history.append({"rule": rule.id, "operation": operation, "table": table,
                                 "error": rule.error or "unprocessed"})
            if rule.unprocessed is not None:
                return rule
            raise self._error(rule, operation, request, region, lookup)
        return None

    def _error(self, rule: Rule, operation: str, request: dict[str, Any], region: str, lookup: Any) -> DynamoDBError:
        code = rule.error or ""
        if code == "TransactionConflict":
            if operation in TRANSACTIONS:
                code = "TransactionCanceledException"
            else:
                code = "TransactionConflictException"
        if code == "TransactionCanceledException":
            return cancelled(self._reasons(rule, operation, request))
        extra: dict[str, Any] = {}
        if code in ("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"):
            extra = throttling_reasons(code, operation, request, region, lookup, rule.index)
        if code == "ConditionalCheckFailedException" and request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
            item = lookup.item(region, request.get("TableName"), request.get("Key") or request.get("Item"))
            if item is not None:
                extra["Item"] = item
        message = rule.message if rule.message is not None else MESSAGES.get(code, f"{code} (scripted fault)")
        return FaultError(code, message, **extra)

    def _reasons(self, rule: Rule, operation: str, request: dict[str, Any]) -> list[dict[str, Any]]:
        actions = list(addressed(operation, request)) or [("", None)]
        if rule.reasons is not None:
            codes = list(rule.reasons) + ["None"] * (len(actions) - len(rule.reasons))
        else:
            hits = [rule._names(table, item) for table, item in actions] if (rule.table or rule.key) else []
            if not any(hits):
                hits = [i == 0 for i in range(len(actions))]
            codes = ["TransactionConflict" if hit else "None" for hit in hits]
        reasons = []
        for code in codes[: len(actions)]:
            if isinstance(code, dict):
                reasons.append(code)
                continue
            reason = {"Code": code}
            if REASON_MESSAGES.get(code) is not None:
                reason["Message"] = REASON_MESSAGES[code]
            reasons.append(reason)
        return reasons


def leave_for(rule: Rule, operation: str, request: dict[str, Any]) -> Any:
    """The `partial.Leave` predicate of a partial-batch rule."""
    chosen = rule.unprocessed
    if chosen == "all":
        return lambda position, table, key: True
    if isinstance(chosen, int):
        first_left = batch_size(operation, request) - chosen
        return lambda position, table, key: position >= first_left
    keys = list(chosen)
    return lambda position, table, key: (rule.table is None or table == rule.table) and any(
        key_matches(wanted, key) for wanted in keys
    )


def throttling_reasons(
    code: str, operation: str, request: dict[str, Any], region: str, lookup: Any, index: str | None = None,
    limit: str | None = None,
) -> dict[str, Any]:
    """The ThrottlingReasons field of a throttling error: which resource, reads or writes, which limit."""
    table = next((t for t, _ in addressed(operation, request)), None)
    arn = lookup.arn(region, table) if table else None
    if arn is None:
        return {}
    if limit is None:
        limit = {"ProvisionedThroughputExceededException": "ProvisionedThroughputExceeded",
                 "ThrottlingException": "MaxOnDemandThroughputExceeded",
                 "RequestLimitExceeded": "AccountLimitExceeded"}[code]
    kind = "Read" if is_read(operation, request) or operation in READS else "Write"
    resource = "Index" if index else "Table"
    member = "throttlingReasons" if code == "ThrottlingException" else "ThrottlingReasons"  # botocore's model spells them so
    return {member: [{"reason": f"{resource}{kind}{limit}", "resource": f"{arn}/index/{index}" if index else arn}]}
