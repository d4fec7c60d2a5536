"""fakedynamo: an in-process fake of Amazon DynamoDB for botocore and HTTP clients.

Importing this package wraps botocore's client factory (once, cheaply) so that
DynamoDB clients created from now on can be answered by a `mock_dynamodb()`
while one is active, and does the same for aiobotocore (and aioboto3) when
that is imported. Outside a mock they behave exactly as before.
"""

from fakedynamo.engine import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Engine
from fakedynamo.errors import DynamoDBError
from fakedynamo.mock import MockDynamoDB, current_mock, mock_dynamodb
from fakedynamo.served import ServedDynamoDB, serve_dynamodb
from fakedynamo.wire.admin_client import AdminClient
from fakedynamo.wire.aiobotocore import install as _install_aiobotocore_hook
from fakedynamo.wire.botocore import attach
from fakedynamo.wire.botocore import install as _install_botocore_hook

__version__ = "0.1.0"
__all__ = [
    "AdminClient",
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_REGION",
    "DynamoDBError",
    "Engine",
    "MockDynamoDB",
    "ServedDynamoDB",
    "attach",
    "current_mock",
    "mock_dynamodb",
    "serve_dynamodb",
]

_install_botocore_hook()
_install_aiobotocore_hook()  # now if aiobotocore is imported, else when it is; never imports it
