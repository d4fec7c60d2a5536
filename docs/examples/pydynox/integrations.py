"""DynamoDB methods on classes you already have: dataclasses and pydantic models."""

import asyncio
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, ValidationError

from pydynox import DynamoDBClient, dynamodb_model
from pydynox.integrations.dataclass import from_dataclass
from pydynox.integrations.pydantic import from_pydantic

client = DynamoDBClient()


@dynamodb_model(table="profiles", partition_key="user_id", sort_key="section", client=client)
@dataclass
class Profile:
    user_id: str
    section: str
    bio: str = ""
    links: list[str] = field(default_factory=list)


@dynamodb_model(table="accounts", partition_key="pk", client=client)
class Account(BaseModel):
    pk: str
    email: str
    credits: int = Field(default=0, ge=0)


@dataclass
class Setting:
    name: str
    value: str


class Flag(BaseModel):
    name: str
    enabled: bool = False


async def main() -> None:
    client.sync_create_table("profiles", partition_key=("user_id", "S"), sort_key=("section", "S"))
    client.sync_create_table("accounts", partition_key=("pk", "S"))
    client.sync_create_table("settings", partition_key=("name", "S"))

    # The decorator adds get, save, update and delete (and their sync_ twins).
    await Profile(user_id="ada", section="about", bio="Mathematician", links=["https://example.com"]).save()
    profile = await Profile.get(user_id="ada", section="about")
    assert profile == Profile("ada", "about", "Mathematician", ["https://example.com"])
    await profile.update(bio="Analyst")
    assert Profile.sync_get(user_id="ada", section="about").bio == "Analyst"
    await profile.delete()

    # With pydantic, loads and updates are validated by the model.
    Account(pk="A1", email="ada@example.com").sync_save()
    account = Account.sync_get(pk="A1")
    assert account.credits == 0
    try:
        account.sync_update(credits=-5)
    except ValidationError:
        pass  # refused before anything was sent
    assert Account.sync_get(pk="A1").credits == 0

    # Or as functions, for classes you do not want to decorate (the class is changed in place).
    from_dataclass(Setting, table="settings", partition_key="name", client=client)
    Setting("theme", "dark").sync_save()
    assert Setting.sync_get(name="theme").value == "dark"
    from_pydantic(Flag, table="settings", partition_key="name", client=client)
    assert Flag.sync_get(name="theme") == Flag(name="theme")  # pydantic ignores the extra "value"


if __name__ == "__main__":
    asyncio.run(main())
