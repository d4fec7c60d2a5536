"""UpdateTable: one kind of change to a table per call, checked entirely before anything changes.

The answer shows the change under way, as DynamoDB's does (UPDATING, with the
old throughput where DynamoDB echoes it), while the next DescribeTable already
reports the result.
"""

from __future__ import annotations

from typing import Any

from fakedynamo import streams
from fakedynamo.errors import invalid_parameter, limit_exceeded, resource_not_found, validation
from fakedynamo.operations import operation, table_hooks, vector_search
from fakedynamo.operations.capacity import (
    NO_THROUGHPUT_ON_DEMAND,
    ON_DEMAND_MEMBERS,
    ON_DEMAND_WARM_THROUGHPUT,
    PAY_PER_REQUEST,
    PROVISIONED,
    READ,
    WRITE,
    check_on_demand_at_create,
    check_on_demand_update,
    check_throughput_changes,
    check_warm_at_create,
    check_warm_not_lowered,
    index_throughput_on_demand,
    merged_on_demand,
    raised_warm,
    warm_for,
    warm_members,
)
from fakedynamo.operations.capacity_limits import (
    check_account_capacity,
    check_budget_for,
    check_on_demand_limit,
    check_table_capacity,
    check_warm_limit,
    record_capacity_change,
)
from fakedynamo.operations.create_table import STANDARD, new_global_index
from fakedynamo.operations.table_description import describe
from fakedynamo.operations.table_validation import (
    MAX_GLOBAL_INDEXES,
    check_global_key_schema,
    check_projection,
    key_names,
    undefined_keys,
    wants_kms,
)
from fakedynamo.operations.update_table_request import (
    UPDATE_MEMBERS,
    check_update_combinations,
    check_update_request,
    update_members,
)
from fakedynamo.region import Region
from fakedynamo.storage import SecondaryIndex, Table, Throughput

# Changes that put the table in UPDATING (the others apply with the table ACTIVE).
_ASYNCHRONOUS_MEMBERS = ("BillingMode", "ProvisionedThroughput", "StreamSpecification", "TableClass")


@operation("UpdateTable")
def update_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    extended = table_hooks.update_table(region, request, UPDATE_MEMBERS)
    if extended is not None:
        return extended
    members = update_members(request)
    check_update_combinations(request, members)
    check_update_request(request)
    table = region.table(request["TableName"])
    update = _TableUpdate(region, table, request)
    update.apply()
    return {"TableDescription": update.response()}


class _TableUpdate:
    """One UpdateTable request against one table: checked entirely on creation, then applied.

    The constructor raises DynamoDB's error for the first rule the request
    breaks, and changes nothing; `apply` then makes every change, and
    `response` describes the table as DynamoDB's UpdateTable answer shows it.
    """

    def __init__(self, region: Region, table: Table, request: dict[str, Any]) -> None:
        self.region, self.table, self.request = region, table, request
        self.now = region.now()
        self.mode = request.get("BillingMode", table.billing_mode)
        self.switching = self.mode != table.billing_mode
        self.index_updates: dict[str, dict] = {}  # index name -> its Update action
        self.index_creates: list[dict] = []
        self.index_deletes: list[str] = []
        for entry in request.get("GlobalSecondaryIndexUpdates") or ():
            for action, body in entry.items():
                if action == "Update":
                    self.index_updates[body["IndexName"]] = body
                elif action == "Create":
                    self.index_creates.append(body)
                elif action == "Delete":
                    self.index_deletes.append(body["IndexName"])
        self._check_throughput()
        check_on_demand_update(request.get("OnDemandThroughput") or {}, self.mode, None)
        check_warm_not_lowered(request.get("WarmThroughput") or {}, table.warm, "table")
        self._check_stream()
        self.new_sse = self._checked_sse()
        self._check_index_changes()
        self._check_limits()
        self.before = describe(region, table)

    # -- checks ----------------------------------------------------------------

    def _check_throughput(self) -> None:
        throughput = self.request.get("ProvisionedThroughput")
        if self.mode == PAY_PER_REQUEST:
            if throughput is not None and "BillingMode" in self.request:
                raise invalid_parameter("ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST")
            if throughput is not None:
                raise invalid_parameter(NO_THROUGHPUT_ON_DEMAND)
            return
        if throughput is None:
            if "BillingMode" in self.request:
                raise invalid_parameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
            return
        if not self.switching:
            check_throughput_changes(self.table.throughput, throughput, "the table", "table")
        for index in self.table.global_indexes:
            if self.switching and "ProvisionedThroughput" not in self.index_updates.get(index.name, {}):
                raise invalid_parameter(f"ProvisionedThroughput must be specified for index: {index.name}")

    def _check_stream(self) -> None:
        stream = self.request.get("StreamSpecification")
        if stream is None:
            return
        if stream["StreamEnabled"] and self.table.stream_view_type is not None:
            raise validation(f"Table already has an enabled stream: TableName: {self.table.name}")
        if not stream["StreamEnabled"] and self.table.stream_view_type is None:
            raise validation(f"Table has no stream to disable: TableName: {self.table.name}")

    def _checked_sse(self) -> dict[str, str] | None:
        """The table's encryption after the update."""
        spec = self.request.get("SSESpecification")
        if spec is None:
            return self.table.sse
        if not wants_kms(spec):
            if self.table.sse is None:
                raise invalid_parameter("Table is already encrypted by default")
            return None
        key = spec.get("KMSMasterKeyId")
        if self.table.sse is not None and key == self.table.sse["KMSMasterKeyArn"]:
            raise invalid_parameter(
                "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want "
                "to change Master Key"
            )
        return {"SSEType": "KMS", "KMSMasterKeyArn": self.region.kms_key_arn(key)}

    def _check_index_changes(self) -> None:
        if len(self.index_creates) + len(self.index_deletes) > 1:
            raise limit_exceeded(
                "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
            )
        for name, update in self.index_updates.items():
            self._check_index_update(self._global_index(name, "update"), update)
        for name in self.index_deletes:
            self._global_index(name, "delete")
        for create in self.index_creates:
            self._check_index_create(create)

    def _global_index(self, name: str, verb: str) -> SecondaryIndex:
        index = self.table.index(name)
        if index is None:
            raise resource_not_found(f"Requested resource not found: Index {name} for table {self.table.name}")
        if not index.is_global:
            raise validation(f"Cannot {verb} an index that is not a GlobalSecondaryIndex: {name}")
        return index

    def _check_index_update(self, index: SecondaryIndex, update: dict) -> None:
        throughput = update.get("ProvisionedThroughput")
        on_demand_changes = update.get("OnDemandThroughput") or update.get("WarmThroughput")
        if self.mode == PAY_PER_REQUEST and (throughput is not None or not on_demand_changes):
            raise invalid_parameter(
                f"The only Updates for index: {index.name} when TableThroughputMode is PAY_PER_REQUEST can be "
                "to OnDemandThroughput, WarmThroughput"
            )
        check_on_demand_update(update.get("OnDemandThroughput") or {}, self.mode, index.name)
        if throughput is not None and not self.switching:
            check_throughput_changes(index.throughput or Throughput(), throughput, f"the index {index.name}", "index")
        warm = update.get("WarmThroughput") or {}
        check_warm_not_lowered(warm, index.warm or ON_DEMAND_WARM_THROUGHPUT, f"index {index.name}")

    def _check_index_create(self, create: dict) -> None:
        name = create["IndexName"]
        if self.table.index(name) is not None:
            raise validation("Attempting to create an index which already exists")
        definitions = self.request.get("AttributeDefinitions")
        if not definitions:
            raise invalid_parameter(f"AttributeDefinitions is not specified for index: {name}")
        defined = [d["AttributeName"] for d in definitions]
        keys = key_names(create["KeySchema"])
        if any(key not in defined and key not in self.table.attribute_types for key in keys):
            raise undefined_keys(keys, defined)
        check_global_key_schema(create["KeySchema"])
        check_projection(create["Projection"])
        throughput = create.get("ProvisionedThroughput")
        if self.mode == PROVISIONED and throughput is None:
            raise invalid_parameter(f"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {name}")
        if self.mode == PAY_PER_REQUEST and throughput is not None:
            raise invalid_parameter(index_throughput_on_demand(name))
        check_on_demand_at_create(create.get("OnDemandThroughput") or {}, self.mode, name)
        check_warm_at_create(create.get("WarmThroughput") or {}, self.mode, throughput, name)
        if len(self.table.global_indexes) >= MAX_GLOBAL_INDEXES:
            raise limit_exceeded(
                "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of "
                f"{MAX_GLOBAL_INDEXES}"
            )

    def _check_limits(self) -> None:
        """The account's quotas and the daily budget of decreases (LimitExceededException)."""
        throughput = self.request.get("ProvisionedThroughput")
        if throughput is not None:
            check_table_capacity(self.region, throughput, None)
            if not self.switching:
                check_budget_for(self.table.throughput, throughput, self.now)
        for name, update in self.index_updates.items():
            index = self.table.index(name)
            if "ProvisionedThroughput" in update and index is not None and index.throughput is not None:
                check_table_capacity(self.region, update["ProvisionedThroughput"], name)
                if not self.switching:
                    check_budget_for(index.throughput, update["ProvisionedThroughput"], self.now)
            check_on_demand_limit(self.region, update.get("OnDemandThroughput") or {}, name)
            check_warm_limit(self.region, update.get("WarmThroughput") or {}, name)
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                check_table_capacity(self.region, create["ProvisionedThroughput"], create["IndexName"])
        if self.mode == PROVISIONED:
            check_account_capacity(self.region, self._provisioned_after(), exclude=self.table)
        check_on_demand_limit(self.region, self.request.get("OnDemandThroughput") or {}, None)
        check_warm_limit(self.region, self.request.get("WarmThroughput") or {}, None)

    def _provisioned_after(self) -> list[int]:
        """The read and write capacity the table and its global indexes will reserve after the update."""
        requested = self.request.get("ProvisionedThroughput")
        current = self.table.throughput
        total = [requested[READ], requested[WRITE]] if requested else [current.read, current.write]
        for index in self.table.global_indexes:
            if index.name in self.index_deletes:
                continue
            update = self.index_updates.get(index.name, {}).get("ProvisionedThroughput")
            capacity = index.throughput or Throughput()
            total[0] += update[READ] if update else capacity.read
            total[1] += update[WRITE] if update else capacity.write
        for create in self.index_creates:
            if "ProvisionedThroughput" in create:
                total[0] += create["ProvisionedThroughput"][READ]
                total[1] += create["ProvisionedThroughput"][WRITE]
        return total

    # -- changes -------------------------------------------------------------------

    def apply(self) -> None:
        table, request = self.table, self.request
        if self.switching:
            self._switch_billing_mode()
        if "ProvisionedThroughput" in request:
            self._set_capacity(table.throughput, request["ProvisionedThroughput"])
            table.warm = raised_warm(table.warm, warm_for(request["ProvisionedThroughput"]))
        if request.get("OnDemandThroughput"):
            table.on_demand = merged_on_demand(table.on_demand, request["OnDemandThroughput"])
        if request.get("WarmThroughput"):
            table.warm = raised_warm(table.warm, request["WarmThroughput"])
        self._apply_stream()
        table.sse = self.new_sse
        if "TableClass" in request and request["TableClass"] != (table.table_class or STANDARD):
            table.table_class = request["TableClass"]
            table.table_class_changed_at = self.now
        if "DeletionProtectionEnabled" in request:
            table.deletion_protection = request["DeletionProtectionEnabled"]
        for name, update in self.index_updates.items():
            self._update_index(name, update)
        if self.index_creates or self.index_deletes:
            self._replace_indexes()

    def _switch_billing_mode(self) -> None:
        table = self.table
        table.billing_mode = self.mode
        if self.mode == PAY_PER_REQUEST:
            table.last_switch_to_on_demand = self.now
            table.warm = raised_warm(table.warm, warm_members(ON_DEMAND_WARM_THROUGHPUT))
            for index in table.global_indexes:
                index.warm = raised_warm(index.warm or (0, 0), warm_members(ON_DEMAND_WARM_THROUGHPUT))
        else:
            # Provisioned capacity replaces the on-demand caps, of the table and of its indexes.
            table.on_demand = {}
            for index in table.global_indexes:
                index.on_demand = {}

    def _set_capacity(self, throughput: Throughput, requested: dict) -> None:
        if self.switching:
            # The capacity an on-demand table gets is no increase: DynamoDB stamps no time for it.
            throughput.read, throughput.write = requested[READ], requested[WRITE]
        else:
            record_capacity_change(throughput, requested[READ], requested[WRITE], self.now)

    def _apply_stream(self) -> None:
        stream = self.request.get("StreamSpecification")
        if stream is None:
            return
        if stream["StreamEnabled"]:
            streams.enable(self.region, self.table, stream["StreamViewType"])
        else:
            streams.disable(self.region, self.table)  # the latest stream's label and ARN stay

    def _update_index(self, name: str, update: dict) -> None:
        index = self.table.index(name)
        assert index is not None and index.throughput is not None
        if "ProvisionedThroughput" in update:
            self._set_capacity(index.throughput, update["ProvisionedThroughput"])
            index.warm = raised_warm(index.warm or (0, 0), warm_for(update["ProvisionedThroughput"]))
        if update.get("OnDemandThroughput"):
            index.on_demand = merged_on_demand(index.on_demand, update["OnDemandThroughput"])
        if update.get("WarmThroughput"):
            index.warm = raised_warm(index.warm or (0, 0), update["WarmThroughput"])

    def _replace_indexes(self) -> None:
        """Create and delete global indexes; AttributeDefinitions keeps only the attributes a key (or search schema) uses."""
        table = self.table
        types = dict(table.attribute_types)
        for definition in self.request.get("AttributeDefinitions") or ():
            types.setdefault(definition["AttributeName"], definition["AttributeType"])
        global_indexes = [i for i in table.global_indexes if i.name not in self.index_deletes]
        global_indexes.extend(new_global_index(table, create, self.mode) for create in self.index_creates)
        used = set(table.key_names).union(*(i.key_names for i in (*global_indexes, *table.local_indexes)))
        used |= vector_search.search_schema_names(vector_search.indexes_of(table).values())  # vector indexes' too
        table.set_schema({n: t for n, t in types.items() if n in used}, global_indexes, table.local_indexes)

    # -- the answer ------------------------------------------------------------------

    def response(self) -> dict[str, Any]:
        """What UpdateTable answers: the change under way (old values where DynamoDB echoes them)."""
        before, after, request = self.before, describe(self.region, self.table), self.request
        asynchronous = any(m in request for m in _ASYNCHRONOUS_MEMBERS) or self.index_creates or self.index_deletes
        after["TableStatus"] = "UPDATING" if asynchronous else "ACTIVE"
        if "ProvisionedThroughput" in request and not self.switching:
            capacity = _old_capacity_new_times(before["ProvisionedThroughput"], after["ProvisionedThroughput"])
            after["ProvisionedThroughput"] = capacity
        if self.switching:
            after["BillingModeSummary"].pop("LastUpdateToPayPerRequestDateTime", None)
        if "TableClass" in request:
            _copy_member(before, after, "TableClassSummary")
        if request.get("OnDemandThroughput"):
            # The answer echoes a cleared cap as -1; DescribeTable then leaves it out.
            echoed = {**before.get("OnDemandThroughput", {}), **request["OnDemandThroughput"]}
            after["OnDemandThroughput"] = {m: echoed[m] for m in ON_DEMAND_MEMBERS if m in echoed}
        if request.get("WarmThroughput"):
            after["WarmThroughput"] = {**before["WarmThroughput"], "Status": "UPDATING"}
        if "SSESpecification" in request:
            shown = before.get("SSEDescription") or after.get("SSEDescription") or {}
            after["SSEDescription"] = {**shown, "Status": "UPDATING"}
        self._show_index_changes(before, after)
        return after

    def _show_index_changes(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        old = {index["IndexName"]: index for index in before.get("GlobalSecondaryIndexes", ())}
        shown = after.get("GlobalSecondaryIndexes", [])
        new = {index["IndexName"]: index for index in shown}
        for name, update in self.index_updates.items():
            new[name]["IndexStatus"] = "UPDATING"
            if "ProvisionedThroughput" in update and not self.switching:
                new[name]["ProvisionedThroughput"] = _old_capacity_new_times(
                    old[name]["ProvisionedThroughput"], new[name]["ProvisionedThroughput"]
                )
        for create in self.index_creates:
            created = new[create["IndexName"]]
            created.update(IndexStatus="CREATING", Backfilling=False)
            del created["WarmThroughput"]
        for name in self.index_deletes:
            shown.append({**old[name], "IndexStatus": "DELETING"})
        if shown:
            after["GlobalSecondaryIndexes"] = shown


def _old_capacity_new_times(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB's answer to a capacity change: the old units and count, the new change times."""
    shown = {key: value for key, value in new.items() if key.endswith("DateTime")}
    shown.update((key, value) for key, value in old.items() if not key.endswith("DateTime"))
    return shown


def _copy_member(source: dict[str, Any], target: dict[str, Any], member: str) -> None:
    if member in source:
        target[member] = source[member]
    else:
        target.pop(member, None)
