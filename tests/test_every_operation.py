"""Every operation of botocore's DynamoDB and DynamoDB Streams models answers.

An operation fakedynamo does not know answers UnknownOperationException; this
test sends each operation of the installed botocore's models (an empty request:
the operation is looked up before the request is checked) and fails for any
that answers it, except those listed in EXPECTED_MISSING (empty now: every operation
answers). The test also fails for a listed operation that answers, so the
list only shrinks.
"""

from __future__ import annotations

import botocore.session
import pytest

from fakedynamo import Engine
from fakedynamo.errors import DynamoDBError

# Operations of the model fakedynamo does not answer yet: none. Name any here (and say why)
# rather than weakening the test.
EXPECTED_MISSING: set[str] = set()


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
