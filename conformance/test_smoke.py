"""The round trip every other test stands on."""


def test_put_then_get_returns_the_item(client, table):
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    assert client.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}, "n": {"N": "1"}}
