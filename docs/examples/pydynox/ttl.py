"""Expiry times: TTLAttribute stores when an item should go, ExpiresIn builds the time."""

from datetime import timedelta

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ExpiresIn, StringAttribute, TTLAttribute

client = DynamoDBClient()
set_default_client(client)


class Session(Model):
    model_config = ModelConfig(table="sessions")

    pk = StringAttribute(partition_key=True)
    user = StringAttribute()
    expires = TTLAttribute()


def main() -> None:
    Session.sync_create_table()

    Session(pk="S1", user="ada", expires=ExpiresIn.hours(1)).sync_save()
    session = Session.sync_get(pk="S1")
    assert not session.is_expired
    assert timedelta(minutes=59) < session.expires_in <= timedelta(hours=1)

    # Stored as epoch seconds, the form DynamoDB's TTL reads.
    raw = client.sync_get_item("sessions", {"pk": "S1"})
    assert isinstance(raw["expires"], int)

    session.extend_ttl(ExpiresIn.days(7))  # writes the new expiry at once (a blocking call)
    assert Session.sync_get(pk="S1").expires_in > timedelta(days=6)

    # DynamoDB deletes expired items some time after they expire; until then reads
    # still return them, so check is_expired where it matters.
    Session(pk="S2", user="bob", expires=ExpiresIn.seconds(-30)).sync_save()
    stale = Session.sync_get(pk="S2")
    assert stale.is_expired and stale.expires_in is None


if __name__ == "__main__":
    main()
