"""Vector search: embeddings on the model, a vector index created with the table, nearest items by similarity."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import StringAttribute, VectorAttribute
from pydynox.indexes import VectorDistance, VectorIndex

set_default_client(DynamoDBClient())


class Article(Model):
    model_config = ModelConfig(table="articles")

    article_id = StringAttribute(partition_key=True)
    tenant = StringAttribute()
    language = StringAttribute()
    title = StringAttribute()
    embedding = VectorAttribute(dimensions=3)

    similar = VectorIndex(
        "similar-index",
        "embedding",
        distance=VectorDistance.COSINE,
        partition_key="tenant",  # every search names one tenant
        inline_filters=["language"],  # what where= may test with ==
    )


async def main() -> None:
    await Article.create_table(wait=True)  # the table and its vector index
    for article_id, language, title, embedding in [
        ("A1", "en", "Tides", [0.9, 0.1, 0.0]),
        ("A2", "en", "Orbits", [0.1, 0.9, 0.1]),
        ("A3", "fr", "Marées", [0.8, 0.2, 0.1]),
    ]:
        await Article(article_id=article_id, tenant="acme", language=language, title=title, embedding=embedding).save()

    matches = await Article.similar.search([1.0, 0.0, 0.0], partition_key="acme", top_k=2)
    assert [m.item.title for m in matches] == ["Tides", "Marées"]  # cosine distance: closest first
    assert matches[0].score < matches[1].score

    english = Article.similar.sync_search([1.0, 0.0, 0.0], partition_key="acme", where=Article.language == "en")
    assert [m.item.article_id for m in english] == ["A1", "A2"]

    info = await Article.similar.describe()
    assert (info.status, info.dimensions, info.item_count) == ("ACTIVE", 3, 3)


if __name__ == "__main__":
    asyncio.run(main())
