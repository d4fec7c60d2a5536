"""Exact decimals with DecimalAttribute, and large text stored compressed with CompressedAttribute."""

from decimal import Decimal

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import (
    CompressedAttribute,
    CompressionAlgorithm,
    DecimalAttribute,
    NumberAttribute,
    StringAttribute,
)

set_default_client(DynamoDBClient())


class Invoice(Model):
    model_config = ModelConfig(table="invoices")

    pk = StringAttribute(partition_key=True)
    total = DecimalAttribute()  # every digit kept: read from the stored text, never via float
    weight_kg = NumberAttribute()  # int or float
    notes = CompressedAttribute(algorithm=CompressionAlgorithm.Gzip)


def main() -> None:
    Invoice.sync_create_table()

    notes = "Delivered to the back door. " * 200
    Invoice(pk="INV#1", total=Decimal("1234567890.123456789"), weight_kg=2.5, notes=notes).sync_save()

    invoice = Invoice.sync_get(pk="INV#1")
    assert invoice.total == Decimal("1234567890.123456789")  # a float would have rounded it
    assert isinstance(invoice.weight_kg, float) and invoice.notes == notes

    # Stored as "GZIP:" and base64; short values (under min_size bytes) are stored as they are.
    raw = Invoice.sync_get(pk="INV#1", as_dict=True)
    assert raw["notes"].startswith("GZIP:") and len(raw["notes"]) < len(notes) / 10

    Invoice(pk="INV#2", total=Decimal("0.10"), notes="Fragile").sync_save()
    assert Invoice.sync_get(pk="INV#2", as_dict=True)["notes"] == "Fragile"


if __name__ == "__main__":
    main()
