"""Vector search: store embeddings in a VectorAttribute and find the nearest items through a vector index.

pydynox stores and searches vectors; it does not make embeddings. Here they
are three numbers long to keep the example short; real models give hundreds.
"""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import StringAttribute, VectorAttribute
from pydynox.indexes import VectorDistance, VectorIndex

set_default_client(DynamoDBClient())


class Recipe(Model):
    model_config = ModelConfig(table="recipes")

    pk = StringAttribute(partition_key=True)
    kitchen = StringAttribute()  # each kitchen searches only its own recipes
    course = StringAttribute()
    title = StringAttribute()
    embedding = VectorAttribute(dimensions=3)

    similar = VectorIndex(
        "similar-index",
        vector_attribute="embedding",
        distance=VectorDistance.COSINE,
        partition_key="kitchen",
        inline_filters=["course"],  # attributes a search may filter on
    )


async def main() -> None:
    await Recipe.create_table(wait=True)  # the table and its vector index
    recipes = [
        ("R1", "starter", "Tomato soup", [0.9, 0.1, 0.0]),
        ("R2", "main", "Tomato pasta", [0.8, 0.3, 0.1]),
        ("R3", "dessert", "Lemon tart", [0.0, 0.2, 0.9]),
        ("R4", "main", "Mushroom risotto", [0.1, 0.9, 0.2]),
    ]
    for pk, course, title, embedding in recipes:
        await Recipe(pk=pk, kitchen="K1", course=course, title=title, embedding=embedding).save()

    # The nearest first; with cosine distance a smaller score is closer.
    matches = await Recipe.similar.search([1.0, 0.2, 0.0], partition_key="K1", top_k=2)
    assert [m.item.title for m in matches] == ["Tomato soup", "Tomato pasta"]
    assert matches[0].score <= matches[1].score

    mains = Recipe.similar.sync_search([1.0, 0.2, 0.0], partition_key="K1", where=Recipe.course == "main", top_k=5)
    assert [m.item.title for m in mains] == ["Tomato pasta", "Mushroom risotto"]


if __name__ == "__main__":
    asyncio.run(main())
