"""fakedynamo: an in-process fake of Amazon DynamoDB for botocore and HTTP clients."""

from fakedynamo.engine import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Engine
from fakedynamo.errors import DynamoDBError
from fakedynamo.mock import MockDynamoDB, mock_dynamodb
from fakedynamo.wire.botocore import install as _install_botocore_hook

__version__ = "0.1.0"
__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_REGION",
    "DynamoDBError",
    "Engine",
    "MockDynamoDB",
    "mock_dynamodb",
]

_install_botocore_hook()
