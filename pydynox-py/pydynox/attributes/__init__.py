"""Model attribute types: how a Python value is stored in DynamoDB and read back.

Class-level access (``User.age``) gives the `Attribute`, which builds
conditions (``User.age > 18``) and atomic updates (``User.age.add(1)``).
Nothing is validated: any value can be assigned; ``serialize`` shapes it for
DynamoDB on save and ``deserialize`` shapes it back on load.
"""

from __future__ import annotations

from pydynox._compression import CompressionAlgorithm
from pydynox._kms import EncryptionMode
from pydynox._s3 import S3File, S3Value
from pydynox.attributes.base import Attribute
from pydynox.attributes.compressed import CompressedAttribute
from pydynox.attributes.decimal import DecimalAttribute
from pydynox.attributes.encrypted import EncryptedAttribute
from pydynox.attributes.primitives import (
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    StringAttribute,
)
from pydynox.attributes.s3 import S3Attribute
from pydynox.attributes.sets import NumberSetAttribute, StringSetAttribute
from pydynox.attributes.special import DatetimeAttribute, EnumAttribute
from pydynox.attributes.ttl import ExpiresIn, TTLAttribute
from pydynox.attributes.vector import VectorAttribute
from pydynox.attributes.version import VersionAttribute

__all__ = [
    "Attribute",
    "BinaryAttribute",
    "BooleanAttribute",
    "CompressedAttribute",
    "CompressionAlgorithm",
    "DatetimeAttribute",
    "DecimalAttribute",
    "EncryptedAttribute",
    "EncryptionMode",
    "EnumAttribute",
    "ExpiresIn",
    "JSONAttribute",
    "ListAttribute",
    "MapAttribute",
    "NumberAttribute",
    "NumberSetAttribute",
    "S3Attribute",
    "S3File",
    "S3Value",
    "StringAttribute",
    "StringSetAttribute",
    "TTLAttribute",
    "VectorAttribute",
    "VersionAttribute",
]
