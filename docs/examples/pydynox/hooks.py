"""Lifecycle hooks: plain methods run before and after saves, updates, deletes and loads."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import StringAttribute
from pydynox.hooks import after_delete, after_load, after_save, before_delete, before_save, before_update

set_default_client(DynamoDBClient())
audit: list[str] = []


class Member(Model):
    model_config = ModelConfig(table="members")

    pk = StringAttribute(partition_key=True)
    email = StringAttribute()
    role = StringAttribute(default="viewer")

    @before_save
    def check_email(self) -> None:
        if not self.email or "@" not in self.email:
            raise ValueError(f"not an email address: {self.email!r}")
        self.email = self.email.strip().lower()

    @before_save
    def record_save(self) -> None:  # hooks of one kind run in the order they are written
        audit.append(f"saving {self.pk}")

    @after_save
    def saved(self) -> None:
        audit.append(f"saved {self.pk}")

    @before_update
    def frozen_members_stay(self) -> None:  # sees the instance as it is: new values come after
        if self.role == "frozen":
            raise PermissionError("unfreeze a member before changing them")

    @before_delete
    def keep_admins(self) -> None:
        if self.role == "admin":
            raise PermissionError("demote an admin before deleting them")

    @after_delete
    def deleted(self) -> None:
        audit.append(f"deleted {self.pk}")

    @after_load
    def loaded(self) -> None:
        audit.append(f"loaded {self.pk}")


async def main() -> None:
    await Member.create_table()

    await Member(pk="M1", email="  Ada@Example.COM ").save()
    assert audit == ["saving M1", "saved M1"]

    member = await Member.get(pk="M1")  # after_load runs for get, query, scan and batch_get
    assert member.email == "ada@example.com" and audit[-1] == "loaded M1"

    try:
        await Member(pk="M2", email="not-an-address").save()
    except ValueError:
        pass  # a before_* hook that raises stops the operation
    assert await Member.get(pk="M2") is None

    member.role = "frozen"
    await member.save(skip_hooks=True)  # this call only: no hooks at all
    try:
        await member.update(email="ada@example.org")
    except PermissionError:
        pass
    assert (await Member.get(pk="M1")).email == "ada@example.com"  # nothing was sent

    member.role = "admin"
    await member.save(skip_hooks=True)
    try:
        await member.delete()
    except PermissionError:
        pass
    assert await Member.get(pk="M1") is not None

    member.role = "viewer"
    await member.save()
    await member.delete()
    assert audit[-1] == "deleted M1"


if __name__ == "__main__":
    asyncio.run(main())
