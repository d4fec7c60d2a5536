"""The low-level client: plain dicts in and out, expressions as strings, metrics per call."""

from pydynox import DynamoDBClient
from pydynox.exceptions import ConditionalCheckFailedException

client = DynamoDBClient(region="us-east-1")


def main() -> None:
    client.sync_create_table("events", partition_key=("pk", "S"), sort_key=("sk", "N"), wait=True)

    metrics = client.sync_put_item("events", {"pk": "E", "sk": 1, "kind": "click", "tags": {"a", "b"}})
    assert metrics.consumed_wcu == 1.0

    item = client.sync_get_item("events", {"pk": "E", "sk": 1})
    assert item == {"pk": "E", "sk": 1, "kind": "click", "tags": {"a", "b"}}

    new = client.sync_update_item("events", {"pk": "E", "sk": 1}, updates={"kind": "view"}, return_values="ALL_NEW")
    assert new["kind"] == "view"

    try:
        client.sync_delete_item(
            "events",
            {"pk": "E", "sk": 1},
            condition_expression="#k = :k",
            expression_attribute_names={"#k": "kind"},
            expression_attribute_values={":k": "click"},
            return_values_on_condition_check_failure=True,
        )
    except ConditionalCheckFailedException as error:
        assert error.item["kind"] == "view"  # what the item looked like

    # return_values hands back the item as it was (or is) instead of the call's metrics.
    old = client.sync_put_item("events", {"pk": "E", "sk": 1, "kind": "scroll"}, return_values="ALL_OLD")
    assert old["kind"] == "view"
    gone = client.sync_delete_item("events", {"pk": "E", "sk": 1}, return_values="ALL_OLD")
    assert gone["kind"] == "scroll"

    for sk in range(2, 6):
        client.sync_put_item("events", {"pk": "E", "sk": sk})
    result = client.sync_query("events", "pk = :p AND sk > :s", expression_attribute_values={":p": "E", ":s": 2})
    assert [entry["sk"] for entry in result] == [3, 4, 5]

    totals = client.get_total_metrics()
    assert totals.put_count == 6 and totals.get_count == 1


if __name__ == "__main__":
    main()
