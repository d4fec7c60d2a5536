"""Clients: settings, the default client, and a model with a client of its own."""

import os

from pydynox import (
    DynamoDBClient,
    Model,
    ModelConfig,
    clear_default_client,
    get_default_client,
    set_default_client,
)
from pydynox.attributes import StringAttribute

# Settings left out come from the environment, as for any AWS SDK.
app_client = DynamoDBClient(connect_timeout=2, read_timeout=5, max_retries=4)
# Settings given win over the environment; this one writes to another region.
audit_client = DynamoDBClient(region="eu-west-1", max_retries=10)
set_default_client(app_client)


class Customer(Model):
    model_config = ModelConfig(table="customers")  # uses the default client

    pk = StringAttribute(partition_key=True)


class AuditEntry(Model):
    model_config = ModelConfig(table="audit", client=audit_client)  # always this one

    pk = StringAttribute(partition_key=True)
    action = StringAttribute()


def main() -> None:
    assert get_default_client() is app_client
    assert audit_client.get_region() == "eu-west-1"
    assert app_client.get_region() == os.environ.get("AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    assert app_client.ping()  # True when DynamoDB answers; never raises

    Customer.sync_create_table()
    AuditEntry.sync_create_table()
    Customer(pk="C1").sync_save()
    AuditEntry(pk="A1", action="customer created").sync_save()

    assert app_client.sync_table_exists("customers") and not app_client.sync_table_exists("audit")
    assert audit_client.sync_table_exists("audit")  # it lives in eu-west-1

    # A model keeps the client it used first: set the default before the first call.
    clear_default_client()
    assert get_default_client() is None and Customer.sync_get(pk="C1") is not None


if __name__ == "__main__":
    main()
