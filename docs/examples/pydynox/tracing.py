"""Tracing with OpenTelemetry: one client span per DynamoDB call, once tracing is switched on."""

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from pydynox import DynamoDBClient, Model, ModelConfig, disable_tracing, enable_tracing, set_default_client
from pydynox.attributes import StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException

# Your application's OpenTelemetry setup; here the spans are kept in memory to look at them.
exporter = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))

set_default_client(DynamoDBClient())


class Invoice(Model):
    model_config = ModelConfig(table="invoices")

    pk = StringAttribute(partition_key=True)
    state = StringAttribute()


def main() -> None:
    Invoice.sync_create_table()

    # Without a tracer argument, OpenTelemetry's global tracer provider is used.
    enable_tracing(tracer=provider.get_tracer("billing"), span_name_prefix="billing")
    try:
        invoice = Invoice(pk="INV#1", state="draft")
        invoice.sync_save()
        try:
            invoice.sync_save(condition=Invoice.pk.not_exists())
        except ConditionalCheckFailedException:
            pass
    finally:
        disable_tracing()  # from here on tracing costs nothing
    Invoice.sync_get(pk="INV#1")

    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == ["billing PutItem invoices", "billing PutItem invoices"]
    saved, refused = spans
    assert saved.kind is SpanKind.CLIENT
    assert saved.attributes["db.system.name"] == "aws.dynamodb"
    assert saved.attributes["db.operation.name"] == "PutItem" and saved.attributes["db.collection.name"] == "invoices"
    assert saved.attributes["aws.dynamodb.consumed_capacity.write"] == 1.0
    assert refused.attributes["error.type"] == "ConditionalCheckFailedException"
    assert not refused.status.is_ok


if __name__ == "__main__":
    main()
