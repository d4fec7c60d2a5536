"""PartiQL: SQL-like statements through execute_statement, on the client and on models."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

client = DynamoDBClient()
set_default_client(client)


class Song(Model):
    model_config = ModelConfig(table="songs")

    artist = StringAttribute(partition_key=True)
    title = StringAttribute(sort_key=True)
    year = NumberAttribute()


async def main() -> None:
    await Song.create_table()

    # Values go in as ? parameters, never pasted into the statement.
    for title, year in [("Hounds of Love", 1985), ("Running Up That Hill", 1985), ("Wuthering Heights", 1978)]:
        await client.execute_statement(
            "INSERT INTO songs VALUE {'artist': ?, 'title': ?, 'year': ?}", parameters=["Kate Bush", title, year]
        )

    # On a model: the rows come back as instances.
    songs = await Song.execute_statement(
        'SELECT * FROM songs WHERE artist = ? AND "year" = ?', parameters=["Kate Bush", 1985]
    )
    assert sorted(s.title for s in songs) == ["Hounds of Love", "Running Up That Hill"]

    # On the client: plain dicts, with the call's metrics (and next_token when there are more pages).
    rows = client.sync_execute_statement("SELECT title FROM songs WHERE artist = ?", parameters=["Kate Bush"])
    assert {"title": "Wuthering Heights"} in rows and rows.next_token is None
    assert rows.metrics.duration_ms >= 0

    await client.execute_statement(
        "UPDATE songs SET \"year\" = ? WHERE artist = ? AND title = ?", parameters=[1978, "Kate Bush", "Hounds of Love"]
    )
    await client.execute_statement(
        "DELETE FROM songs WHERE artist = ? AND title = ?", parameters=["Kate Bush", "Running Up That Hill"]
    )
    left = Song.sync_execute_statement("SELECT * FROM songs WHERE artist = ?", parameters=["Kate Bush"])
    assert sorted((s.title, s.year) for s in left) == [("Hounds of Love", 1978), ("Wuthering Heights", 1978)]


if __name__ == "__main__":
    asyncio.run(main())
