"""Testing an AWS Lambda handler: the handler runs as in production, against memory."""

import asyncio

from pydynox import Model, ModelConfig
from pydynox.attributes import StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()


# A Lambda handler is a sync function; it runs pydynox's async API with asyncio.run.
def create_user_handler(event, context):
    async def create():
        user = User(pk=f"USER#{event['user_id']}", name=event["name"])
        await user.save()
        return {"statusCode": 201, "body": f"Created user {event['user_id']}"}

    return asyncio.run(create())


def get_user_handler(event, context):
    async def get():
        user = await User.get(pk=f"USER#{event['user_id']}")
        if user is None:
            return {"statusCode": 404, "body": "User not found"}
        return {"statusCode": 200, "body": {"name": user.name}}

    return asyncio.run(get())


# The tests are plain sync tests: no moto, no LocalStack, no DynamoDB Local.
def test_create_user_handler(pydynox_memory_backend):
    response = create_user_handler({"user_id": "123", "name": "John"}, None)

    assert response["statusCode"] == 201
    user = User.sync_get(pk="USER#123")
    assert user is not None
    assert user.name == "John"


def test_get_user_handler(pydynox_memory_backend):
    User(pk="USER#123", name="Jane").sync_save()

    response = get_user_handler({"user_id": "123"}, None)

    assert response == {"statusCode": 200, "body": {"name": "Jane"}}


def test_get_user_not_found(pydynox_memory_backend):
    response = get_user_handler({"user_id": "999"}, None)

    assert response["statusCode"] == 404
