"""Vector search through pydynox, answered by fakedynamo: attributes, indexes, search, lifecycle.

Model-level calls go through the default client (a `DynamoDBClient` on this
test's fakedynamo) or through `pydynox.testing`'s memory backend; what DynamoDB
receives is checked with boto3 against the same fake.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import boto3
import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute, VectorAttribute
from pydynox.exceptions import ResourceNotFoundException, ValidationException
from pydynox.indexes import VectorDistance, VectorIndex, VectorIndexInfo, VectorMatch, VectorSearchResult
from pydynox.testing import MemoryBackend
from tests.pydynox.conftest import REGION, make_table


class Product(Model):
    model_config = ModelConfig(table="vec-products")

    pk = StringAttribute(partition_key=True)
    tenant_id = StringAttribute(alias="tenant")
    category = StringAttribute()
    language = StringAttribute()
    embedding = VectorAttribute(dimensions=2, alias="emb")

    semantic = VectorIndex("semantic-index", "embedding", partition_key="tenant_id", inline_filters=["category", "language"])


class Document(Model):
    model_config = ModelConfig(table="vec-documents")

    pk = StringAttribute(partition_key=True)
    title = StringAttribute()
    hidden = StringAttribute()
    embedding = VectorAttribute(dimensions=2)

    nearest = VectorIndex("euclidean-index", "embedding", distance=VectorDistance.EUCLIDEAN, projection=["title"])
    strongest = VectorIndex("dot-index", "embedding", distance="DOT_PRODUCT", projection="KEYS_ONLY")


def boto() -> Any:
    return boto3.client("dynamodb", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="y")


def seed_products() -> None:
    Product.sync_create_table(wait=True)
    for pk, tenant, category, vector in [
        ("book", "T1", "books", [1.0, 0.0]),
        ("song", "T1", "music", [0.0, 1.0]),
        ("mixed", "T1", "books", [0.6, 0.8]),
        ("other", "T2", "books", [1.0, 0.0]),
    ]:
        Product(pk=pk, tenant_id=tenant, category=category, language="en", embedding=vector).sync_save()


# -- VectorAttribute ---------------------------------------------------------------------------------


def test_vector_attribute_checks_its_values_wherever_they_are_set() -> None:
    with pytest.raises(ValueError, match="between 1 and 4096"):
        VectorAttribute(dimensions=0)
    with pytest.raises(ValueError, match="between 1 and 4096"):
        VectorAttribute(dimensions=4097)
    with pytest.raises(TypeError, match="integer"):
        VectorAttribute(dimensions=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="requires 2 dimensions, got 3"):
        Product(pk="p", embedding=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="requires numeric values, got str at index 1"):
        Product(pk="p", embedding=[1.0, "2"])
    with pytest.raises(TypeError, match="requires numeric values, got bool"):
        Product(pk="p", embedding=[True, 1.0])
    with pytest.raises(ValueError, match="non-finite value at index 0"):
        Product(pk="p", embedding=[math.nan, 1.0])
    with pytest.raises(ValueError, match="outside float32 range"):
        Product(pk="p", embedding=[1e39, 1.0])
    with pytest.raises(TypeError, match="one-dimensional sequence"):
        Product(pk="p", embedding="ab")
    product = Product(pk="p", embedding=[1, 0.1])
    assert product.embedding == [1.0, 0.10000000149011612]  # float32, as DynamoDB's vector indexes keep it
    assert product.to_dict()["emb"] == product.embedding

    class ArrayLike:
        def tolist(self) -> list[float]:
            return [0.5, 0.25]

    product.embedding = ArrayLike()  # type: ignore[assignment]
    assert product.embedding == [0.5, 0.25]
    with pytest.raises(ValueError, match="requires 2 dimensions"):
        product.embedding = [1.0]


# -- VectorIndex declarations ---------------------------------------------------------------------------


def test_vector_index_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="index_name is required"):
        VectorIndex("", "embedding")
    with pytest.raises(ValueError, match="at most 18 inline filters"):
        VectorIndex("idx", "embedding", inline_filters=[f"f{i}" for i in range(19)])
    with pytest.raises(ValueError, match="duplicate inline filters"):
        VectorIndex("idx", "embedding", inline_filters=["a", "a"])
    with pytest.raises(ValueError, match="both partition key and inline filter"):
        VectorIndex("idx", "embedding", partition_key="a", inline_filters=["a"])
    with pytest.raises(ValueError, match="projection must be"):
        VectorIndex("idx", "embedding", projection="SOME")
    with pytest.raises(ValueError, match="cannot be empty"):
        VectorIndex("idx", "embedding", projection=[])
    with pytest.raises(ValueError):
        VectorIndex("idx", "embedding", distance="MANHATTAN")
    with pytest.raises(RuntimeError, match="not bound to a model"):
        VectorIndex("idx", "embedding").sync_search([1.0])

    with pytest.raises(ValueError, match="references unknown attribute 'missing'"):

        class Unknown(Model):
            model_config = ModelConfig(table="vec-unknown")
            pk = StringAttribute(partition_key=True)
            index = VectorIndex("idx", "missing")

    with pytest.raises(ValueError, match="must be a VectorAttribute"):

        class NotAVector(Model):
            model_config = ModelConfig(table="vec-unknown")
            pk = StringAttribute(partition_key=True)
            embedding = StringAttribute()
            index = VectorIndex("idx", "embedding")

    with pytest.raises(ValueError, match="must use scalar DynamoDB type S, N, or B"):

        class ListFilter(Model):
            model_config = ModelConfig(table="vec-unknown")
            pk = StringAttribute(partition_key=True)
            tags = VectorAttribute(dimensions=1)
            embedding = VectorAttribute(dimensions=2)
            index = VectorIndex("idx", "embedding", inline_filters=["tags"])


def test_inherited_vector_indexes_are_bound_to_each_model() -> None:
    class Special(Product):
        model_config = ModelConfig(table="vec-special")

    assert Special.semantic is not Product.semantic
    assert Special.semantic._model_class is Special and Product.semantic._model_class is Product
    assert set(Special._vector_indexes) == {"semantic"}


def test_definition_uses_dynamodb_names() -> None:
    assert Product.semantic.to_create_table_definition(Product) == {
        "index_name": "semantic-index",
        "vector_attribute": "emb",
        "dimensions": 2,
        "distance_function": "COSINE",
        "attribute_definitions": [("tenant", "S"), ("category", "S"), ("language", "S")],
        "table_key_attributes": ["pk"],
        "partition_key": "tenant",
        "inline_filters": ["category", "language"],
        "projection": "ALL",
    }
    definition = Document.nearest.to_create_table_definition(Document)
    assert (definition["projection"], definition["non_key_attributes"]) == ("INCLUDE", ["title"])


# -- tables and indexes through DynamoDBClient ---------------------------------------------------------------


def test_model_tables_are_created_with_their_vector_indexes(client: DynamoDBClient) -> None:
    Product.sync_create_table(wait=True)
    table = boto().describe_table(TableName="vec-products")["Table"]
    (index,) = table["VectorIndexes"]
    assert index["IndexName"] == "semantic-index" and index["IndexStatus"] == "ACTIVE"
    assert index["VectorAttribute"] == {"AttributeName": "emb"} and index["Dimensions"] == 2
    assert index["SearchSchema"] == [
        {"AttributeName": "tenant", "SearchSchemaElementType": "HASH"},
        {"AttributeName": "category", "SearchSchemaElementType": "INLINE_FILTER"},
        {"AttributeName": "language", "SearchSchemaElementType": "INLINE_FILTER"},
    ]
    assert {d["AttributeName"] for d in table["AttributeDefinitions"]} == {"pk", "tenant", "category", "language"}
    with pytest.raises(ValueError, match="PAY_PER_REQUEST"):
        Document.sync_create_table(billing_mode="PROVISIONED")


def test_search_ranks_by_distance_within_a_partition(client: DynamoDBClient) -> None:
    seed_products()
    matches = Product.semantic.sync_search([0.9, 0.1], partition_key="T1")
    assert isinstance(matches, VectorSearchResult) and all(isinstance(m, VectorMatch) for m in matches)
    assert [m.item.pk for m in matches] == ["book", "mixed", "song"]  # cosine: smallest first; T2 left out
    assert matches[0].score < matches[1].score < matches[2].score
    assert isinstance(matches[0].item, Product) and matches[0].item.embedding == [1.0, 0.0]
    assert matches.metrics.items_count == 3 and matches.metrics.vector_search_bytes
    assert client.get_last_metrics() is matches.metrics

    books = Product.semantic.sync_search([0.0, 1.0], partition_key="T1", where=Product.category == "books", top_k=1)
    assert [m.item.pk for m in books] == ["mixed"]
    both = (Product.category == "music") & (Product.language == "en")
    assert [m.item.pk for m in Product.semantic.sync_search([1.0, 0.0], partition_key="T1", where=both)] == ["song"]
    raw = Product.semantic.sync_search([1.0, 0.0], partition_key="T2", as_dict=True)
    assert raw[0].item["pk"] == "other" and raw[0].item["tenant"] == "T2"


def test_raw_searches_leave_the_vector_out_and_models_ask_for_it(client: DynamoDBClient) -> None:
    # 1.8's guide: dict searches use DynamoDB's default projection, "which does not include the vector
    # attribute unless it is explicitly requested"; model searches request it with every model field.
    seed_products()
    raw = Product.semantic.sync_search([1.0, 0.0], partition_key="T2", as_dict=True)
    assert raw[0].item == {"pk": "other", "tenant": "T2", "category": "books", "language": "en"}
    modelled = Product.semantic.sync_search([1.0, 0.0], partition_key="T2")
    assert modelled[0].item.embedding == [1.0, 0.0]
    sent = client.sync_search_vectors(
        "vec-products", "semantic-index", [1.0, 0.0],
        search_condition_expression="tenant = :t", expression_attribute_values={":t": "T2"},
        projection_expression="pk, emb",
    )  # fmt: skip
    assert sent[0].item == {"pk": "other", "emb": [1.0, 0.0]}


def test_writes_report_the_vector_write_bytes_dynamodb_reports(client: DynamoDBClient) -> None:
    sent: list[dict[str, Any]] = []
    Document.sync_create_table(wait=True)
    events = (client._boto or client._connect()).meta.events
    events.register("before-parameter-build.dynamodb", lambda params, **_: sent.append(params), unique_id="vec-writes")
    try:
        doc = Document(pk="d", title="T", hidden="h", embedding=[1.0, 0.0])
        doc.sync_save()
        saved = Document.get_last_metrics()
        assert sent[-1]["ReturnConsumedCapacity"] == "INDEXES"  # as 1.8 asks, to get the VectorIndexes map
        # Both indexes hold the new item; the request's 1 KB minimum is counted once.
        assert saved is not None and saved.vector_write_bytes == 1024.0 and saved.consumed_wcu == 1.0
        assert "vector_write_bytes=1024" in repr(saved)
        doc.hidden = "changed"
        doc.sync_save()  # neither index holds `hidden`: no vector write
        assert Document.get_last_metrics().vector_write_bytes is None  # type: ignore[union-attr]
        doc.title = "New"
        doc.sync_save()  # "euclidean-index" projects the title
        assert Document.get_last_metrics().vector_write_bytes == 1024.0  # type: ignore[union-attr]
        put = client.sync_put_item("vec-documents", {"pk": "e", "embedding": [0.0, 1.0]})
        assert put.vector_write_bytes == 1024.0 and client.get_last_metrics() is put
        assert client.sync_delete_item("vec-documents", {"pk": "e"}).vector_write_bytes == 1024.0
        make_table(client, "vec-none")
        assert client.sync_put_item("vec-none", {"pk": "x", "embedding": [1, 2]}).vector_write_bytes is None
    finally:
        events.unregister("before-parameter-build.dynamodb", unique_id="vec-writes")


def test_search_arguments_are_checked_before_sending(client: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match="requires partition_key='tenant_id'"):
        Product.semantic.sync_search([1.0, 0.0])
    with pytest.raises(ValueError, match="does not define a partition key"):
        Document.nearest.sync_search([1.0, 0.0], partition_key="x")
    for top_k in (0, 101, True):
        with pytest.raises(ValueError, match="top_k must be between 1 and 100"):
            Product.semantic.sync_search([1.0, 0.0], partition_key="T1", top_k=top_k)
    with pytest.raises(ValueError, match="requires 2 dimensions"):
        Product.semantic.sync_search([1.0], partition_key="T1")
    with pytest.raises(ValueError, match="equality comparisons joined by AND"):
        Product.semantic.sync_search([1.0, 0.0], partition_key="T1", where=Product.category != "x")
    with pytest.raises(ValueError, match="equality comparisons joined by AND"):
        Product.semantic.sync_search(
            [1.0, 0.0], partition_key="T1", where=(Product.category == "a") | (Product.category == "b")
        )
    with pytest.raises(ValueError, match="'pk' is not declared as an inline filter"):
        Product.semantic.sync_search([1.0, 0.0], partition_key="T1", where=Product.pk == "x")


def test_distances_projections_and_partial_models(client: DynamoDBClient) -> None:
    Document.sync_create_table(wait=True)
    Document(pk="near", title="Closest", hidden="secret", embedding=[1.0, 0.0]).sync_save()
    Document(pk="far", title="Farthest", hidden="secret", embedding=[3.0, 0.0]).sync_save()

    euclidean = Document.nearest.sync_search([0.9, 0.0], top_k=1)
    assert [m.item.pk for m in euclidean] == ["near"] and euclidean[0].score == pytest.approx(0.1, abs=1e-6)
    partial = euclidean[0].item
    assert (partial.title, partial.hidden, partial.embedding) == ("Closest", None, [1.0, 0.0])  # INCLUDE title
    dot = Document.strongest.sync_search([1.0, 0.0], as_dict=True)
    assert [m.item["pk"] for m in dot] == ["far", "near"] and [m.score for m in dot] == [3.0, 1.0]  # largest first
    assert "title" not in dot[0].item  # KEYS_ONLY

    class Strict(Model):
        model_config = ModelConfig(table="vec-documents")
        pk = StringAttribute(partition_key=True)
        title = StringAttribute(required=True)
        embedding = VectorAttribute(dimensions=2)
        keys = VectorIndex("dot-index", "embedding", projection="KEYS_ONLY")

    with pytest.raises(ValueError, match="does not include required model attributes: title"):
        Strict.keys.sync_search([1.0, 0.0])
    assert len(Strict.keys.sync_search([1.0, 0.0], as_dict=True)) == 2


def test_index_lifecycle_on_an_existing_table(client: DynamoDBClient) -> None:
    with pytest.raises(ResourceNotFoundException):
        Document.nearest.sync_create()
    client.sync_create_table("vec-documents", partition_key=("pk", "S"), wait=True)
    Document(pk="one", title="t", embedding=[1.0, 1.0]).sync_save()
    with pytest.raises(ValidationException, match="does not have the specified index"):  # declared, not created
        Document.nearest.sync_search([1.0, 0.0])
    with pytest.raises(ValidationException, match="not found on table 'vec-documents'"):
        Document.nearest.sync_describe()

    Document.nearest.sync_create(wait=True)
    info = Document.nearest.sync_describe()
    assert isinstance(info, VectorIndexInfo)
    assert (info.index_name, info.status, info.dimensions, info.distance) == (
        "euclidean-index",
        "ACTIVE",
        2,
        VectorDistance.EUCLIDEAN,
    )
    assert info.item_count == 1 and info.index_arn and info.index_arn.endswith("/index/euclidean-index")
    with pytest.raises(ValidationException):
        Document.nearest.sync_create()  # already there
    assert [m.item.pk for m in Document.nearest.sync_search([1.0, 0.0])] == ["one"]

    Document.nearest.sync_delete(wait=True)
    with pytest.raises(ValidationException, match="not found"):
        Document.nearest.sync_describe()
    with pytest.raises(ResourceNotFoundException):
        Document.nearest.sync_delete()


def test_async_search_and_lifecycle(client: DynamoDBClient) -> None:
    async def scenario() -> None:
        await Product.create_table(wait=True)
        await Product(pk="a", tenant_id="T", category="c", embedding=[1.0, 0.0]).save()
        await Product(pk="b", tenant_id="T", category="d", embedding=[0.0, 1.0]).save()
        matches = await Product.semantic.search([0.0, 1.0], partition_key="T", top_k=1)
        assert [m.item.pk for m in matches] == ["b"]
        filtered = await Product.semantic.search([0.0, 1.0], partition_key="T", where=Product.category == "c")
        assert [m.item.pk for m in filtered] == ["a"]
        assert (await Product.semantic.describe()).item_count == 2
        await Product.semantic.delete(wait=True)
        await Product.semantic.create(wait=True)
        assert (await Product.semantic.describe()).status == "ACTIVE"

    asyncio.run(scenario())


# -- the client-level API --------------------------------------------------------------------------------------


def test_client_level_definitions_searches_and_checks(client: DynamoDBClient) -> None:
    make_table(client, "vec-raw")
    definition: dict[str, Any] = {
        "index_name": "raw-index",
        "vector_attribute": "vec",
        "dimensions": 3,
        "distance_function": "COSINE",
        "partition_key": "owner",
        "attribute_definitions": [("owner", "S")],
        "projection": "INCLUDE",
        "non_key_attributes": ["label"],
    }
    with pytest.raises(ValidationException, match="'owner' is missing from attribute_definitions"):
        client.sync_create_vector_index("vec-raw", {**definition, "attribute_definitions": []})
    with pytest.raises(ValidationException, match="dimensions must be between 1 and 4096"):
        client.sync_create_vector_index("vec-raw", {**definition, "dimensions": 0})
    with pytest.raises(ValidationException, match="Invalid vector distance function"):
        client.sync_create_vector_index("vec-raw", {**definition, "distance_function": "L1"})
    with pytest.raises(ValidationException, match="non_key_attributes required"):
        client.sync_create_vector_index("vec-raw", {**definition, "non_key_attributes": None})
    with pytest.raises(ValidationException, match="already exists with type 'S', not 'N'"):
        client.sync_create_vector_index("vec-raw", {**definition, "partition_key": "pk", "attribute_definitions": [("pk", "N")]})
    with pytest.raises(ValidationException, match="missing from attribute_definitions"):
        client.create_vector_index("vec-raw", {**definition, "attribute_definitions": []})  # at once, not awaited
    client.sync_create_vector_index("vec-raw", definition, wait=True)
    assert client.sync_describe_vector_index("vec-raw", "raw-index")["status"] == "ACTIVE"

    for pk, owner, vec in [("a", "me", [1, 0, 0]), ("b", "me", [0, 1, 0]), ("c", "you", [1, 0, 0])]:
        client.sync_put_item("vec-raw", {"pk": pk, "owner": owner, "label": f"L{pk}", "extra": 1, "vec": vec})
    result = client.sync_search_vectors(
        "vec-raw",
        "raw-index",
        [1.0, 0.1, 0.0],
        top_k=5,
        search_condition_expression="#o = :o",
        expression_attribute_names={"#o": "owner"},
        expression_attribute_values={":o": "me"},
        projection_expression="pk, label",
    )
    assert [(m.item, round(m.score, 3)) for m in result] == [({"pk": "a", "label": "La"}, 0.005), ({"pk": "b", "label": "Lb"}, 0.9)]
    assert result.metrics.request_id and result.metrics.vector_search_bytes
    page = asyncio.run(
        client.search_vectors("vec-raw", "raw-index", [0, 0, 1], search_condition_expression="#o = :o",
                              expression_attribute_names={"#o": "owner"}, expression_attribute_values={":o": "you"})
    )  # fmt: skip
    # INCLUDE holds the keys, the search schema, label and the vector; by default the vector is left out.
    assert page[0].item == {"pk": "c", "owner": "you", "label": "Lc"}
    with pytest.raises(ValueError, match="top_k must be between 1 and 100"):
        client.sync_search_vectors("vec-raw", "raw-index", [1, 0, 0], top_k=0)
    with pytest.raises(ValueError, match="non-finite value at index 2"):
        client.sync_search_vectors("vec-raw", "raw-index", [1, 0, math.inf])
    with pytest.raises(ValidationException):  # the fake checks the number of dimensions
        client.sync_search_vectors("vec-raw", "raw-index", [1, 0])
    client.sync_delete_vector_index("vec-raw", "raw-index", wait=True)
    with pytest.raises(ValidationException, match="The table does not have the specified index: raw-index"):
        client.sync_search_vectors("vec-raw", "raw-index", [1, 0, 0])


def test_client_tables_with_vector_indexes(client: DynamoDBClient) -> None:
    index = {"index_name": "tab-index", "vector_attribute": "v", "dimensions": 2, "distance_function": "EUCLIDEAN"}
    with pytest.raises(ValidationException, match="PAY_PER_REQUEST"):
        client.sync_create_table("vec-tab", partition_key=("pk", "S"), billing_mode="PROVISIONED", vector_indexes=[index])
    with pytest.raises(ValidationException, match="conflicting DynamoDB types"):
        client.sync_create_table(
            "vec-tab",
            partition_key=("pk", "S"),
            vector_indexes=[{**index, "partition_key": "pk", "attribute_definitions": [("pk", "N")]}],
        )
    asyncio.run(client.create_table("vec-tab", partition_key=("pk", "S"), vector_indexes=[index], wait=True))
    assert boto().describe_table(TableName="vec-tab")["Table"]["VectorIndexes"][0]["DistanceFunction"] == "EUCLIDEAN"
    assert asyncio.run(client.describe_vector_index("vec-tab", "tab-index"))["distance"] == "EUCLIDEAN"


# -- through pydynox.testing -----------------------------------------------------------------------------------


def test_memory_backend_searches_what_the_test_created() -> None:
    with MemoryBackend() as backend:
        Product(pk="seen", tenant_id="T", embedding=[1.0, 0.0]).sync_save()  # the table appears, without the index
        with pytest.raises(ValidationException, match="does not have the specified index"):
            Product.semantic.sync_search([1.0, 0.0], partition_key="T")
        Product.sync_delete_table()
        Product.sync_create_table()
        Product(pk="x", tenant_id="T", category="a", embedding=[0.0, 1.0]).sync_save()
        Product(pk="y", tenant_id="T", category="a", embedding=[1.0, 0.0]).sync_save()
        assert [m.item.pk for m in Product.semantic.sync_search([0.1, 0.9], partition_key="T")] == ["x", "y"]
        memory = backend.client
        found = memory.sync_search_vectors(
            "vec-products", "semantic-index", [1.0, 0.0], 1, "tenant = :t", None, {":t": "T"}, "pk"
        )
        assert [m.item for m in found] == [{"pk": "y"}]
        memory.sync_delete_vector_index("vec-products", "semantic-index", True)
        memory.sync_create_vector_index("vec-products", Product.semantic.to_create_table_definition(Product), True)
        assert memory.sync_describe_vector_index("vec-products", "semantic-index")["item_count"] == 2


def test_vector_index_metrics_fields() -> None:
    with MemoryBackend():
        Document.sync_create_table()
        Document(pk="n", embedding=[2.0, 0.0]).sync_save()
        result = Document.strongest.sync_search([1.0, 0.0])
        # The fake meters as DynamoDB does, with its 1 KB minimum a request (1.8's own memory fake said 8.0).
        assert result.metrics.items_count == 1 and result.metrics.vector_search_bytes == 1024.0
        assert result.metrics.vector_write_bytes is None
        assert Document(pk="z").embedding is None
        assert NumberAttribute().attr_type == "N"
