"""A global secondary index whose key is made of several attributes (up to four each side).

DynamoDB composes the key from the attributes itself, so no "TENANT#REGION"
string needs to be built and kept in step.
"""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.indexes import GlobalSecondaryIndex

set_default_client(DynamoDBClient())


class Shipment(Model):
    model_config = ModelConfig(table="shipments")

    pk = StringAttribute(partition_key=True)
    tenant = StringAttribute()
    region = StringAttribute()
    day = StringAttribute()
    weight = NumberAttribute()

    by_tenant_region = GlobalSecondaryIndex(
        "tenant-region-index", partition_key=["tenant", "region"], sort_key=["day", "weight"]
    )


async def main() -> None:
    await Shipment.create_table(wait=True)
    rows = [("S1", "acme", "eu", "2024-06-01", 3), ("S2", "acme", "eu", "2024-06-01", 1),
            ("S3", "acme", "us", "2024-06-02", 2), ("S4", "acme", "eu", "2024-06-03", 5)]  # fmt: skip
    for pk, tenant, region, day, weight in rows:
        await Shipment(pk=pk, tenant=tenant, region=region, day=day, weight=weight).save()

    # Every partition key attribute is required; results sort by day, then weight.
    in_europe = [s.pk async for s in Shipment.by_tenant_region.query(tenant="acme", region="eu")]
    assert in_europe == ["S2", "S1", "S4"]

    later = Shipment.by_tenant_region.query(tenant="acme", region="eu", sort_key_condition=Shipment.day > "2024-06-01")
    assert [s.pk async for s in later] == ["S4"]


if __name__ == "__main__":
    asyncio.run(main())
