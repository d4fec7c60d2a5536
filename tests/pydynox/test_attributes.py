"""Attribute types: what is stored, what is loaded, through a real save and get."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

import pydantic
import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    DatetimeAttribute,
    EnumAttribute,
    ExpiresIn,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    NumberSetAttribute,
    StringAttribute,
    StringSetAttribute,
    TTLAttribute,
    VersionAttribute,
)
from tests.pydynox.conftest import make_table


class Status(Enum):
    ACTIVE = "active"
    GONE = "gone"


class Priority(Enum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class Address:
    city: str
    zip: str = ""


class Profile(pydantic.BaseModel):
    bio: str
    links: list[str] = []


class Everything(Model):
    model_config = ModelConfig(table="things")
    pk = StringAttribute(partition_key=True)
    number = NumberAttribute()
    flag = BooleanAttribute()
    blob = BinaryAttribute()
    items = ListAttribute()
    mapping = MapAttribute()
    address = MapAttribute(Address)
    profile = MapAttribute(Profile)
    labels = StringSetAttribute()
    scores = NumberSetAttribute()
    document = JSONAttribute()
    typed_document = JSONAttribute(Profile)
    dataclass_document = JSONAttribute(Address)
    status = EnumAttribute(Status)
    priority = EnumAttribute(Priority)
    when = DatetimeAttribute()
    expires = TTLAttribute()
    version = VersionAttribute()


@pytest.fixture
def things(client: DynamoDBClient, db: Any) -> Any:
    make_table(client, "things")
    return db


def test_every_type_round_trips(things: Any, twin: Any) -> None:
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    thing = Everything(
        pk="t",
        number=1.5,
        flag=True,
        blob=b"\x00",
        items=[1, "a"],
        mapping={"k": [1]},
        address=Address("Paris", "75"),
        profile=Profile(bio="hi", links=["x"]),
        labels={"b", "a"},
        scores={3, 1.5},
        document={"a": [1, 2]},
        typed_document=Profile(bio="doc"),
        dataclass_document=Address("Rome"),
        status=Status.ACTIVE,
        priority=Priority.HIGH,
        when=moment,
        expires=moment,
    )
    twin(thing, "save")
    wire = things.items("things")[0]
    assert wire["labels"] == {"L": [{"S": "a"}, {"S": "b"}]}  # sets are stored as lists, as upstream does
    assert wire["scores"] == {"L": [{"S": "1.5"}, {"S": "3"}]}
    assert wire["document"] == {"S": '{"a": [1, 2]}'}
    assert wire["status"] == {"S": "active"} and wire["priority"] == {"S": "2"}
    assert wire["when"] == {"S": "2024-01-02T03:04:05+00:00"}
    assert wire["expires"] == {"N": str(int(moment.timestamp()))}
    assert wire["address"] == {"M": {"city": {"S": "Paris"}, "zip": {"S": "75"}}}
    assert wire["version"] == {"N": "1"}

    loaded = twin(Everything, "get", pk="t")
    assert loaded.number == 1.5 and loaded.flag is True and loaded.blob == b"\x00"
    assert loaded.items == [1, "a"] and loaded.mapping == {"k": [1]}
    assert loaded.address == Address("Paris", "75") and loaded.profile == Profile(bio="hi", links=["x"])
    assert loaded.labels == {"a", "b"} and loaded.scores == {3, 1.5}
    assert loaded.document == {"a": [1, 2]} and loaded.typed_document == Profile(bio="doc")
    assert loaded.dataclass_document == Address("Rome")
    assert loaded.status is Status.ACTIVE and loaded.priority is Priority.HIGH
    assert loaded.when == moment and loaded.expires == moment and loaded.version == 1

    raw = twin(Everything, "get", as_dict=True, pk="t")
    assert raw["document"] == '{"a": [1, 2]}' and raw["labels"] == ["a", "b"] and raw["when"] == moment.isoformat()
    assert raw["expires"] == int(moment.timestamp())


def test_sets_read_real_dynamodb_sets_and_empty_sets_are_null(things: Any, client: DynamoDBClient) -> None:
    client.sync_put_item("things", {"pk": "raw", "labels": {"x", "y"}, "scores": {1, 2}})
    loaded = Everything.sync_get(pk="raw")
    assert loaded.labels == {"x", "y"} and loaded.scores == {1, 2}
    Everything(pk="empty", labels=set(), scores=set()).sync_save()
    empty = next(item for item in things.items("things") if item["pk"] == {"S": "empty"})
    assert empty["labels"] == empty["scores"] == {"NULL": True}
    loaded = Everything.sync_get(pk="empty")
    assert loaded.labels == set() and loaded.scores == set()


def test_naive_datetimes_are_utc() -> None:
    assert DatetimeAttribute().serialize(datetime(2024, 1, 1)) == "2024-01-01T00:00:00+00:00"
    assert DatetimeAttribute().deserialize("2024-01-01T00:00:00Z").tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # JavaScript's toISOString(), with and without milliseconds
        ("2024-01-15T10:30:00.123Z", datetime(2024, 1, 15, 10, 30, 0, 123000, timezone.utc)),
        ("2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)),
        ("2024-01-15t10:30:00z", datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)),
        # fractions of other lengths (Go writes up to 9 digits), offsets kept
        ("2024-01-15T10:30:00.5Z", datetime(2024, 1, 15, 10, 30, 0, 500000, timezone.utc)),
        (
            "2024-01-15T10:30:00.123456789Z",
            datetime(2024, 1, 15, 10, 30, 0, 123456, timezone.utc),
        ),
        (
            "2024-01-15T12:30:00.1+02:00",
            datetime(2024, 1, 15, 10, 30, 0, 100000, timezone.utc),
        ),
        # what serialize writes
        ("2024-01-15T10:30:00.123000+00:00", datetime(2024, 1, 15, 10, 30, 0, 123000, timezone.utc)),
    ],
)
def test_rfc3339_text_reads_on_every_python(text: str, expected: datetime) -> None:
    loaded = DatetimeAttribute().deserialize(text)
    assert loaded == expected and loaded.utcoffset() is not None


def test_datetime_text_that_is_not_iso_still_fails() -> None:
    with pytest.raises(ValueError):
        DatetimeAttribute().deserialize("15/01/2024 10:30")


def test_typed_structures_detect_in_place_changes(things: Any) -> None:
    Everything(pk="t", address=Address("Paris"), typed_document=Profile(bio="a")).sync_save()
    loaded = Everything.sync_get(pk="t")
    loaded.address.city = "Lyon"
    loaded.typed_document.bio = "b"
    loaded._detect_in_place_changes()
    assert loaded.changed_fields == ["address", "typed_document"]
    loaded.sync_save()
    again = Everything.sync_get(pk="t")
    assert again.address.city == "Lyon" and again.typed_document.bio == "b"


def test_ttl_helpers_and_properties(things: Any) -> None:
    start = datetime.now(timezone.utc)
    for helper, delta in [
        (ExpiresIn.seconds(30), timedelta(seconds=30)),
        (ExpiresIn.minutes(2), timedelta(minutes=2)),
        (ExpiresIn.hours(1), timedelta(hours=1)),
        (ExpiresIn.days(1), timedelta(days=1)),
        (ExpiresIn.weeks(1), timedelta(weeks=1)),
    ]:
        assert timedelta(0) <= helper - start - delta < timedelta(seconds=5)
    fresh = Everything(pk="t", expires=ExpiresIn.hours(1))
    assert not fresh.is_expired and timedelta(minutes=59) < fresh.expires_in <= timedelta(hours=1)  # type: ignore[operator]
    old = Everything(pk="t", expires=datetime.now(timezone.utc) - timedelta(seconds=1))
    assert old.is_expired and old.expires_in is None
    assert not Everything(pk="t").is_expired and Everything(pk="t").expires_in is None

    class NoTTL(Model):
        model_config = ModelConfig(table="things")
        pk = StringAttribute(partition_key=True)

    assert NoTTL(pk="a").is_expired is False and NoTTL(pk="a").expires_in is None
    with pytest.raises(ValueError):
        NoTTL(pk="a").extend_ttl(ExpiresIn.days(1))


def test_extend_ttl_writes_at_once(things: Any) -> None:
    thing = Everything(pk="t", expires=ExpiresIn.hours(1))
    thing.sync_save()
    later = ExpiresIn.days(7)
    thing.extend_ttl(later)
    assert thing.expires == later
    assert Everything.sync_get(pk="t").expires == datetime.fromtimestamp(int(later.timestamp()), timezone.utc)


def test_enum_attribute_accepts_raw_values() -> None:
    assert EnumAttribute(Status).serialize("gone") == "gone"
    assert EnumAttribute(Priority).deserialize("1") is Priority.LOW
    with pytest.raises(ValueError):
        EnumAttribute(Status).deserialize("unknown")
