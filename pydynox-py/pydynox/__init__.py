"""pydynox: a DynamoDB ORM with async-first models, on botocore.

A pure-Python implementation of the pydynox API: models, conditions, atomic
updates, query and scan, indexes, batches and transactions. Every I/O method
is a coroutine with a blocking ``sync_`` twin.
"""

from __future__ import annotations

from pydynox._logging import set_correlation_id, set_logger
from pydynox._tracing import disable_tracing, enable_tracing
from pydynox.batch_operations import BatchWriter, SyncBatchWriter
from pydynox.client import DynamoDBClient
from pydynox.collection import Collection, CollectionResult
from pydynox.conditions import Condition
from pydynox.config import ModelConfig, clear_default_client, get_default_client, set_default_client
from pydynox.generators import AutoGenerate
from pydynox.integrations.functions import dynamodb_model
from pydynox.model import Model
from pydynox.transaction import SyncTransaction, Transaction
from pydynox.version import VERSION, version_info

__version__ = VERSION

__all__ = [
    "AutoGenerate",
    "BatchWriter",
    "Collection",
    "CollectionResult",
    "Condition",
    "DynamoDBClient",
    "Model",
    "ModelConfig",
    "SyncBatchWriter",
    "SyncTransaction",
    "Transaction",
    "__version__",
    "clear_default_client",
    "disable_tracing",
    "dynamodb_model",
    "enable_tracing",
    "get_default_client",
    "set_correlation_id",
    "set_default_client",
    "set_logger",
    "version_info",
]
