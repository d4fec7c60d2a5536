"""aioboto3 (and aiobotocore): async clients, resources and tables share the fake with boto3."""
# needs: aioboto3

import asyncio

import aioboto3
import boto3
from boto3.dynamodb.conditions import Key

from fakedynamo import mock_dynamodb


async def main():
    session = aioboto3.Session()
    async with session.client("dynamodb", region_name="us-east-1") as client:
        await client.create_table(
            TableName="events",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "at", "AttributeType": "N"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        # Errors are botocore's ClientError subclasses, as from AWS.
        await client.put_item(TableName="events", Item={"pk": {"S": "door"}, "at": {"N": "1"}})
        try:
            await client.put_item(
                TableName="events",
                Item={"pk": {"S": "door"}, "at": {"N": "1"}},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except client.exceptions.ConditionalCheckFailedException:
            print("already recorded")

    async with session.resource("dynamodb", region_name="us-east-1") as dynamodb:
        table = await dynamodb.Table("events")
        async with table.batch_writer() as batch:
            for at in range(2, 30):
                await batch.put_item(Item={"pk": "door", "at": at})
        recent = await table.query(KeyConditionExpression=Key("pk").eq("door") & Key("at").gte(28))
        assert [item["at"] for item in recent["Items"]] == [28, 29]


with mock_dynamodb() as db:
    asyncio.run(main())
    # A boto3 client in the same mock sees what the async code wrote.
    assert boto3.client("dynamodb", region_name="us-east-1").scan(TableName="events")["Count"] == 29

assert db.item_count("events") == 29
