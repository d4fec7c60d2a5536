"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb():
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="notes",
        KeySchema=[
            {"AttributeName": "owner_id", "KeyType": "HASH"},
            {"AttributeName": "note_id", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "owner_id", "AttributeType": "S"},
            {"AttributeName": "note_id", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )

    # INSERT with ? parameters; an INSERT never replaces an item.
    for note_id in (1, 2, 3):
        client.execute_statement(
            Statement="INSERT INTO notes VALUE {'owner_id': ?, 'note_id': ?, 'body': ?}",
            Parameters=[{"S": "u1"}, {"N": str(note_id)}, {"S": f"note {note_id}"}],
        )
    try:
        client.execute_statement(Statement="INSERT INTO notes VALUE {'owner_id': 'u1', 'note_id': 1}")
    except client.exceptions.DuplicateItemException as error:
        assert error.response["Error"]["Message"] == "Duplicate primary key exists in table"
    else:
        raise AssertionError("expected DuplicateItemException")

    # SELECT: an equality on the partition key reads one partition; Limit and NextToken page.
    statement = 'SELECT note_id, body FROM "notes" WHERE owner_id = ? ORDER BY note_id DESC'
    first = client.execute_statement(Statement=statement, Parameters=[{"S": "u1"}], Limit=2)
    assert [item["note_id"]["N"] for item in first["Items"]] == ["3", "2"]
    rest = client.execute_statement(Statement=statement, Parameters=[{"S": "u1"}], NextToken=first["NextToken"])
    assert [item["note_id"]["N"] for item in rest["Items"]] == ["1"]

    # UPDATE names one item by its full key; the rest of the WHERE clause is a condition.
    updated = client.execute_statement(
        Statement="UPDATE notes SET body = 'edited' WHERE owner_id = 'u1' AND note_id = 1 RETURNING ALL NEW *"
    )
    assert updated["Items"][0]["body"] == {"S": "edited"}

    # BatchExecuteStatement reports each statement's failure in its own slot.
    batch = client.batch_execute_statement(
        Statements=[
            {"Statement": "INSERT INTO notes VALUE {'owner_id': 'u1', 'note_id': 1}"},
            {"Statement": "INSERT INTO notes VALUE {'owner_id': 'u2', 'note_id': 1}"},
        ]
    )
    assert batch["Responses"][0]["Error"]["Code"] == "DuplicateItem"
    assert "Error" not in batch["Responses"][1]

    # ExecuteTransaction: all statements or none, with TransactWriteItems' cancellation reasons.
    try:
        client.execute_transaction(
            TransactStatements=[
                {"Statement": "INSERT INTO notes VALUE {'owner_id': 'u3', 'note_id': 1}"},
                {"Statement": "UPDATE notes SET body = 'x' WHERE owner_id = 'u1' AND note_id = 9"},
            ]
        )
    except client.exceptions.TransactionCanceledException as error:
        codes = [reason["Code"] for reason in error.response["CancellationReasons"]]
        assert codes == ["None", "ConditionalCheckFailed"]  # UPDATE of a missing item
    else:
        raise AssertionError("expected TransactionCanceledException")
    gone = client.execute_statement(Statement="SELECT * FROM notes WHERE owner_id = 'u3'")
    assert gone["Items"] == []
