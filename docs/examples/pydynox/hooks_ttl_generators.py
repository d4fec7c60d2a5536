"""Lifecycle hooks, expiry times (TTL) and generated IDs."""

import asyncio

from pydynox import AutoGenerate, DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ExpiresIn, StringAttribute, TTLAttribute
from pydynox.hooks import after_load, before_save

set_default_client(DynamoDBClient())


class Session(Model):
    model_config = ModelConfig(table="sessions")

    pk = StringAttribute(partition_key=True, default=AutoGenerate.ULID)
    user = StringAttribute()
    created = StringAttribute(default=AutoGenerate.ISO8601)
    expires = TTLAttribute()

    @before_save
    def normalise(self) -> None:
        if not self.user:
            raise ValueError("a session needs a user")
        self.user = self.user.lower()

    @after_load
    def note_loaded(self) -> None:
        self.loaded_from_db = True


async def main() -> None:
    await Session.create_table()
    session = Session(user="ADA", expires=ExpiresIn.hours(1))
    assert session.pk is None  # generated on save
    await session.save()
    assert len(session.pk) == 26 and session.user == "ada"

    loaded = await Session.get(pk=session.pk)
    assert loaded.loaded_from_db and not loaded.is_expired
    assert loaded.expires_in is not None

    loaded.extend_ttl(ExpiresIn.days(7))  # writes at once (a blocking call)

    try:
        await Session(expires=ExpiresIn.minutes(5)).save()
    except ValueError:
        pass  # the before_save hook refused it
    await Session(user="x").save(skip_hooks=True)


if __name__ == "__main__":
    asyncio.run(main())
