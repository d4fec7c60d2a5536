"""Every operation of botocore's DynamoDB and DynamoDB Streams models answers.

An operation fakedynamo does not know answers UnknownOperationException; this
test sends each operation of the installed botocore's models (an empty request:
the operation is looked up before the request is checked) and fails for any
that answers it, except those listed in EXPECTED_MISSING, which other branches
implement. Remove names from that list as those branches merge; the test also
fails for a listed operation that now answers, so the list only shrinks.
"""

from __future__ import annotations

import botocore.session
import pytest

from fakedynamo import Engine
from fakedynamo.errors import DynamoDBError

# Implemented on other branches (issue 12 items 1, 2, 6, 8).
EXPECTED_MISSING_BACKUPS_PITR = {
    "CreateBackup",
    "DeleteBackup",
    "DescribeBackup",
    "ListBackups",
    "RestoreTableFromBackup",
    "DescribeContinuousBackups",
    "UpdateContinuousBackups",
    "RestoreTableToPointInTime",
}
EXPECTED_MISSING_IMPORT_EXPORT = {
    "ExportTableToPointInTime",
    "DescribeExport",
    "ListExports",
    "ImportTable",
    "DescribeImport",
    "ListImports",
}
EXPECTED_MISSING_BULK = {"StartBulkPutItems", "DescribeBulkOperation", "ListBulkOperations", "CancelBulkOperation"}
EXPECTED_MISSING = (
    EXPECTED_MISSING_BACKUPS_PITR | EXPECTED_MISSING_IMPORT_EXPORT | EXPECTED_MISSING_BULK
)


def _model_operations() -> list[str]:
    session = botocore.session.get_session()
    names: set[str] = set()
    for service in ("dynamodb", "dynamodbstreams"):
        names.update(session.get_service_model(service).operation_names)
    return sorted(names)


def _answers(engine: Engine, name: str) -> bool:
    try:
        engine.execute(name, {})
    except DynamoDBError as error:
        return error.code != "UnknownOperationException"
    return True


def test_every_model_operation_answers() -> None:
    engine = Engine()
    operations = _model_operations()
    print(f"\n{len(operations)} operations in botocore's models; expected missing ({len(EXPECTED_MISSING)}):")
    print("  " + ", ".join(sorted(EXPECTED_MISSING)))
    unknown = [name for name in operations if not _answers(engine, name)]
    assert [name for name in unknown if name not in EXPECTED_MISSING] == []
    # A listed operation that answers now should leave the list.
    now_answering = sorted(name for name in EXPECTED_MISSING if name in operations and name not in unknown)
    if now_answering:
        pytest.fail(f"remove from EXPECTED_MISSING, these answer now: {now_answering}")
