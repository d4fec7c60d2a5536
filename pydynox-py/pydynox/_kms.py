"""Envelope encryption with KMS for `EncryptedAttribute`.

Each value gets a fresh data key from KMS ``GenerateDataKey`` (AES-256); the
text is sealed locally with AES-256-GCM and stored as
``"ENC:" + base64(len(encrypted key) as 2 bytes | encrypted key | 12-byte nonce | ciphertext+tag)``.
Reading asks KMS ``Decrypt`` for the data key. KMS is reached through
botocore (``pydynox._session.create_service_client``), made on first use.
"""

from __future__ import annotations

import base64
import enum
import os
import struct
import time
from dataclasses import dataclass
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox.exceptions import EncryptionException

__all__ = ["DecryptResult", "EncryptResult", "EncryptionMode", "KmsEncryptor", "KmsMetrics"]

PREFIX = "ENC:"


class EncryptionMode(enum.IntEnum):
    ReadWrite = 0
    WriteOnly = 1
    ReadOnly = 2


@dataclass
class KmsMetrics:
    duration_ms: float = 0.0
    kms_calls: int = 0


@dataclass
class EncryptResult:
    ciphertext: str
    metrics: KmsMetrics


@dataclass
class DecryptResult:
    plaintext: str
    metrics: KmsMetrics


def _aesgcm(key: bytes) -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise EncryptionException("EncryptedAttribute needs the 'cryptography' package") from None
    return AESGCM(key)


class KmsEncryptor:
    """Encrypts and decrypts strings under the KMS key `key_id` (id, ARN or alias)."""

    def __init__(
        self,
        key_id: str,
        region: str | None = None,
        context: dict[str, str] | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        session_token: str | None = None,
        profile: str | None = None,
        role_arn: str | None = None,
        role_session_name: str | None = None,
        external_id: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_retries: int | None = None,
        proxy_url: str | None = None,
    ) -> None:
        self.key_id = key_id
        self.region = region
        self.context = context
        self._options = {"access_key": access_key, "secret_key": secret_key, "session_token": session_token,
                         "profile": profile, "endpoint_url": endpoint_url}  # fmt: skip
        self._client: Any = None

    @staticmethod
    def is_encrypted(value: str) -> bool:
        return isinstance(value, str) and value.startswith(PREFIX)

    def _kms(self) -> Any:
        if self._client is None:
            from pydynox._session import create_service_client

            self._client = create_service_client("kms", self.region, **self._options)
        return self._client

    def _call(self, operation: str, **request: Any) -> dict[str, Any]:
        if self.context:
            request["EncryptionContext"] = self.context
        try:
            return getattr(self._kms(), operation)(**request)  # type: ignore[no-any-return]
        except Exception as error:  # botocore ClientError and friends
            raise EncryptionException(f"KMS {operation} failed: {error}") from error

    def sync_encrypt_with_metrics(self, plaintext: str) -> EncryptResult:
        start = time.perf_counter()
        answer = self._call("generate_data_key", KeyId=self.key_id, KeySpec="AES_256")
        nonce = os.urandom(12)
        sealed = _aesgcm(answer["Plaintext"]).encrypt(nonce, plaintext.encode(), None)
        wrapped = answer["CiphertextBlob"]
        blob = struct.pack(">H", len(wrapped)) + wrapped + nonce + sealed
        metrics = KmsMetrics((time.perf_counter() - start) * 1000, 1)
        return EncryptResult(PREFIX + base64.b64encode(blob).decode(), metrics)

    def sync_decrypt_with_metrics(self, ciphertext: str) -> DecryptResult:
        if not self.is_encrypted(ciphertext):
            return DecryptResult(ciphertext, KmsMetrics())
        start = time.perf_counter()
        try:
            blob = base64.b64decode(ciphertext[len(PREFIX) :])
            (size,) = struct.unpack(">H", blob[:2])
            wrapped, nonce, sealed = blob[2 : 2 + size], blob[2 + size : 14 + size], blob[14 + size :]
        except Exception as error:
            raise EncryptionException(f"Not a pydynox encrypted value: {error}") from error
        key = self._call("decrypt", CiphertextBlob=wrapped, KeyId=self.key_id)["Plaintext"]
        try:
            text = _aesgcm(key).decrypt(nonce, sealed, None).decode()
        except Exception as error:
            raise EncryptionException("Decryption failed: the value was altered or the key is wrong") from error
        return DecryptResult(text, KmsMetrics((time.perf_counter() - start) * 1000, 1))

    def sync_encrypt(self, plaintext: str) -> str:
        return self.sync_encrypt_with_metrics(plaintext).ciphertext

    def sync_decrypt(self, ciphertext: str) -> str:
        return self.sync_decrypt_with_metrics(ciphertext).plaintext

    async def encrypt(self, plaintext: str) -> str:
        return await run_blocking(self.sync_encrypt, plaintext)

    async def decrypt(self, ciphertext: str) -> str:
        return await run_blocking(self.sync_decrypt, ciphertext)

    async def encrypt_with_metrics(self, plaintext: str) -> EncryptResult:
        return await run_blocking(self.sync_encrypt_with_metrics, plaintext)

    async def decrypt_with_metrics(self, ciphertext: str) -> DecryptResult:
        return await run_blocking(self.sync_decrypt_with_metrics, ciphertext)
