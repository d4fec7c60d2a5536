"""Quickstart: a client, a model, a table, and the four item operations (async)."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

# With no arguments the client uses the usual AWS settings: AWS_REGION,
# AWS_ENDPOINT_URL(_DYNAMODB), profiles... and us-east-1 if nothing is set.
set_default_client(DynamoDBClient())


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


async def main() -> None:
    if not await User.table_exists():
        await User.create_table(wait=True)

    ada = User(pk="USER#1", name="Ada", age=36)
    await ada.save()

    user = await User.get(pk="USER#1")
    assert user is not None and user.name == "Ada"

    await user.update(age=37)  # sets the value here and in DynamoDB
    await user.delete()
    assert await User.get(pk="USER#1") is None


if __name__ == "__main__":
    asyncio.run(main())
