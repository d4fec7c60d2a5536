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
        "SELECT * FROM songs WHERE artist = ? AND title = ?", parameters=["Kate Bush", "Wuthering Heights"]
    )
    assert [(s.title, s.year) for s in songs] == [("Wuthering Heights", 1978)]

    # On the client: plain dicts, a page at a time (with the call's metrics). DynamoDB ends a
    # page at 1 MB of data; next_token asks for the rest.
    titles, token = [], None
    while True:
        page = client.sync_execute_statement(
            "SELECT title FROM songs WHERE artist = ?", parameters=["Kate Bush"], next_token=token
        )
        titles += [row["title"] for row in page]
        token = page.next_token
        if token is None:
            break
    assert sorted(titles) == ["Hounds of Love", "Running Up That Hill", "Wuthering Heights"]
    assert page.metrics.duration_ms >= 0

    await client.execute_statement(
        "UPDATE songs SET \"year\" = ? WHERE artist = ? AND title = ?", parameters=[1978, "Kate Bush", "Hounds of Love"]
    )
    await client.execute_statement(
        "DELETE FROM songs WHERE artist = ? AND title = ?", parameters=["Kate Bush", "Running Up That Hill"]
    )
    assert (await Song.get(artist="Kate Bush", title="Hounds of Love")).year == 1978
    assert await Song.get(artist="Kate Bush", title="Running Up That Hill") is None


if __name__ == "__main__":
    asyncio.run(main())
