"""Hot-partition thresholds set on a model: ModelConfig hands them to its client's detector."""

import logging

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.diagnostics import HotPartitionDetector

detector = HotPartitionDetector(writes_threshold=10, reads_threshold=50, window_seconds=60)
client = DynamoDBClient(diagnostics=detector)


class Heartbeat(Model):
    # Busy on purpose: up to 1,000 writes a minute per host before a warning.
    model_config = ModelConfig(table="heartbeats", client=client, hot_partition_writes=1_000)

    host = StringAttribute(partition_key=True)
    at = NumberAttribute(sort_key=True)


def main() -> None:
    Heartbeat.sync_create_table()
    warnings: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = warnings.append  # type: ignore[method-assign]
    logging.getLogger("pydynox.diagnostics").addHandler(handler)

    for n in range(12):
        Heartbeat(host="web-1", at=n).sync_save()
    assert detector.get_write_count("heartbeats", "web-1") == 12
    assert warnings == []  # under the model's own threshold


if __name__ == "__main__":
    main()
