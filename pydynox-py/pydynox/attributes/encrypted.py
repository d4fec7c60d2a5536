"""`EncryptedAttribute`: a string sealed with KMS envelope encryption (see `pydynox._kms`)."""

from __future__ import annotations

from typing import Any

from pydynox._kms import EncryptionMode, KmsEncryptor
from pydynox.attributes.base import Attribute
from pydynox.exceptions import EncryptionException

__all__ = ["EncryptedAttribute", "EncryptionMode"]


class EncryptedAttribute(Attribute[str]):
    """Encrypted on save, decrypted on load; `mode` may forbid one direction (WriteOnly / ReadOnly)."""

    attr_type = "S"

    def __init__(
        self,
        key_id: str,
        mode: EncryptionMode | None = None,
        region: str | None = None,
        context: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.key_id = key_id
        self.mode = mode
        self.region = region
        self.context = context
        self._encryptor: KmsEncryptor | None = None

    @property
    def encryptor(self) -> KmsEncryptor:
        if self._encryptor is None:
            self._encryptor = KmsEncryptor(self.key_id, self.region, self.context)
        return self._encryptor

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if self.mode == EncryptionMode.ReadOnly:
            raise EncryptionException("Cannot encrypt in ReadOnly mode")
        return self.encryptor.sync_encrypt(str(value))

    def deserialize(self, value: Any) -> Any:
        if value is None or not KmsEncryptor.is_encrypted(value):
            return value
        if self.mode == EncryptionMode.WriteOnly:
            raise EncryptionException("Cannot decrypt in WriteOnly mode")
        return self.encryptor.sync_decrypt(value)
