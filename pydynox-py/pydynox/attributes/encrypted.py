"""`EncryptedAttribute`: a string sealed with KMS envelope encryption (see `pydynox._kms`)."""

from __future__ import annotations

from typing import Any

from pydynox._kms import EncryptionMode, KmsEncryptor
from pydynox._metrics import record_kms
from pydynox.attributes.base import Attribute

__all__ = ["EncryptedAttribute", "EncryptionMode"]


class EncryptedAttribute(Attribute[str]):
    """Encrypted on save, decrypted on load; `mode` may turn one direction off.

    As in pydynox 1.8, a mode passes values through rather than failing:
    ``WriteOnly`` encrypts on save and loads the stored ``ENC:...`` text as is
    (a service that writes secrets it must not read); ``ReadOnly`` decrypts on
    load and saves values as given, unencrypted. KMS calls count in the model's
    ``kms_calls`` / ``kms_duration_ms``.
    """

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
        """The KMS encryptor, made on first use."""
        if self._encryptor is None:
            self._encryptor = KmsEncryptor(key_id=self.key_id, region=self.region, context=self.context)
        return self._encryptor

    def serialize(self, value: Any) -> Any:
        if value is None or self.mode == EncryptionMode.ReadOnly:
            return value
        result = self.encryptor.sync_encrypt_with_metrics(value)
        record_kms(result.metrics.duration_ms, result.metrics.kms_calls)
        return result.ciphertext

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            return str(value)
        if not KmsEncryptor.is_encrypted(value) or self.mode == EncryptionMode.WriteOnly:
            return value
        result = self.encryptor.sync_decrypt_with_metrics(value)
        record_kms(result.metrics.duration_ms, result.metrics.kms_calls)
        return result.plaintext
