"""`Model`: a DynamoDB item as a Python class.

    class User(Model):
        model_config = ModelConfig(table="users")
        pk = StringAttribute(partition_key=True)
        name = StringAttribute()

    await User(pk="u1", name="Ada").save()
    user = await User.get(pk="u1")

The behaviour is spread over small mixins, one job each: instance state and
conversion (`pydynox._model_base`), item operations (`_model_crud`), reads of
many items (`_model_read`) and table operations (`_model_table`).
"""

from __future__ import annotations

from pydynox._model_crud import CrudMixin
from pydynox._model_meta import ModelMeta
from pydynox._model_query import (
    AsyncModelQueryResult,
    AsyncModelScanResult,
    ModelQueryResult,
    ModelScanResult,
)
from pydynox._model_read import ReadMixin
from pydynox._model_table import ExtrasMixin, TableMixin

__all__ = [
    "AsyncModelQueryResult",
    "AsyncModelScanResult",
    "Model",
    "ModelQueryResult",
    "ModelScanResult",
]


class Model(CrudMixin, ReadMixin, TableMixin, ExtrasMixin, metaclass=ModelMeta):
    """Base class of pydynox models: declare attributes as class attributes and a ``model_config``."""
