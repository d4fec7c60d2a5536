"""The application side of docker-compose.yml. Nothing in it knows which DynamoDB answers.

botocore reads AWS_ENDPOINT_URL_DYNAMODB (and AWS_DEFAULT_REGION, and the keys)
from the environment, so the same code reaches DynamoDB Local, LocalStack,
`fakedynamo serve` or AWS, as the compose file decides.
"""

import boto3


def main():
    client = boto3.client("dynamodb")
    if "orders" not in client.list_tables()["TableNames"]:
        client.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.get_waiter("table_exists").wait(TableName="orders")
    client.put_item(TableName="orders", Item={"pk": {"S": "ORDER#1"}, "total": {"N": "30"}})
    item = client.get_item(TableName="orders", Key={"pk": {"S": "ORDER#1"}})["Item"]
    print("stored:", item["total"]["N"])


if __name__ == "__main__":
    main()
