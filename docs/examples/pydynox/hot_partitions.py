"""Hot-partition diagnostics: a warning when one partition key gets too much traffic in a time window."""

import logging

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.diagnostics import HotPartitionDetector


class Warnings(logging.Handler):
    """Keeps the warnings, to look at them below; in a service they go to your logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


caught = Warnings()
logging.getLogger("pydynox.diagnostics").addHandler(caught)

# Warn when one partition key gets 10 writes, or 50 reads, within 60 seconds.
detector = HotPartitionDetector(writes_threshold=10, reads_threshold=50, window_seconds=60)
client = DynamoDBClient(diagnostics=detector)


class PageView(Model):
    model_config = ModelConfig(table="page_views", client=client)

    page = StringAttribute(partition_key=True)
    at = NumberAttribute(sort_key=True)


def main() -> None:
    PageView.sync_create_table()

    for n in range(12):
        PageView(page="/home", at=n).sync_save()
    PageView(page="/about", at=0).sync_save()

    assert detector.get_write_count("page_views", "/home") == 12
    assert any('pk="/home"' in message for message in caught.messages)
    assert not any('pk="/about"' in message for message in caught.messages)

    detector.clear()  # forget what was counted (and any per-table thresholds)
    caught.messages.clear()

    # A table that is busy on purpose can have thresholds of its own.
    detector.set_table_thresholds("page_views", writes_threshold=1_000)
    for n in range(12):
        PageView(page="/home", at=n).sync_save()
    assert caught.messages == []


if __name__ == "__main__":
    main()
