"""Envelope encryption with KMS for `EncryptedAttribute`, in pydynox 1.8's stored format.

Each value gets a fresh data key from KMS ``GenerateDataKey`` (AES-256); the
text is sealed locally with AES-256-GCM and stored as
``"ENC:" + base64(1 | len(encrypted key) as 2 bytes | encrypted key | 12-byte nonce | ciphertext+tag)``
(the leading 1 is the format version), so values written by 1.8 read here and
back. Reading asks KMS ``Decrypt`` for the data key (the encrypted key names
its KMS key). KMS is reached through botocore, on a client made on first use.
"""

from __future__ import annotations

import base64
import enum
import os
import threading
import time
from typing import Any

from pydynox._asyncio import run_blocking
from pydynox._service_errors import translate_service_error
from pydynox._session import ClientOptions, create_service_client
from pydynox.exceptions import EncryptionException

__all__ = ["DecryptResult", "EncryptResult", "EncryptionMode", "KmsEncryptor", "KmsMetrics"]

PREFIX = "ENC:"
FORMAT_VERSION = 1
NONCE_SIZE = 12

# What 1.8 says for each KMS error code.
_KMS_MESSAGES = {
    "NotFoundException": "KMS key not found. Check the key ID or alias.",
    "DisabledException": "KMS key is disabled.",
    "InvalidKeyUsageException": "KMS key cannot be used for this operation.",
    "KeyUnavailableException": "KMS key is not available. Try again later.",
    "InvalidCiphertextException": "Invalid ciphertext. Data may be corrupted.",
    "IncorrectKeyException": "Wrong KMS key used for decryption.",
    "InvalidGrantTokenException": "Invalid grant token.",
}


class EncryptionMode(enum.IntEnum):
    """What an `EncryptedAttribute` may do: both directions, or only one."""

    ReadWrite = 0
    WriteOnly = 1
    ReadOnly = 2


class KmsMetrics:
    """Time and KMS API calls of one encrypt or decrypt."""

    def __init__(self, duration_ms: float = 0.0, kms_calls: int = 0) -> None:
        self.duration_ms = duration_ms
        self.kms_calls = kms_calls

    def __repr__(self) -> str:
        return f"KmsMetrics(duration_ms={self.duration_ms:.2f}, kms_calls={self.kms_calls})"


class EncryptResult:
    def __init__(self, ciphertext: str, metrics: KmsMetrics) -> None:
        self.ciphertext = ciphertext
        self.metrics = metrics


class DecryptResult:
    def __init__(self, plaintext: str, metrics: KmsMetrics) -> None:
        self.plaintext = plaintext
        self.metrics = metrics


class KmsEncryptor:
    """Encrypts and decrypts strings under the KMS key `key_id` (id, ARN or alias).

    The other parameters are a `DynamoDBClient`'s: where and as whom to reach KMS.
    The async ``encrypt`` / ``decrypt`` answer with the result objects, as 1.8's do.
    """

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
        self.context = context or {}
        self._options = ClientOptions(
            region=region,
            access_key=access_key,
            secret_key=secret_key,
            session_token=session_token,
            profile=profile,
            endpoint_url=endpoint_url,
            role_arn=role_arn,
            role_session_name=role_session_name,
            external_id=external_id,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_retries=max_retries,
            proxy_url=proxy_url,
        )
        self._client: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def is_encrypted(value: str) -> bool:
        return _text(value).startswith(PREFIX)

    def _kms(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = create_service_client("kms", self._options)
        return self._client

    def _call(self, operation: str, **request: Any) -> dict[str, Any]:
        if self.context:
            request["EncryptionContext"] = self.context
        try:
            return getattr(self._kms(), operation)(**request)  # type: ignore[no-any-return]
        except Exception as error:
            raise _kms_error(error) from error

    # -- sync --------------------------------------------------------------------------

    def sync_encrypt_with_metrics(self, plaintext: str) -> EncryptResult:
        start = time.perf_counter()
        data = _text(plaintext).encode()
        answer = self._call("generate_data_key", KeyId=self.key_id, KeySpec="AES_256")
        nonce = os.urandom(NONCE_SIZE)
        sealed = _aesgcm(answer["Plaintext"]).encrypt(nonce, data, None)
        wrapped = answer["CiphertextBlob"]
        envelope = bytes([FORMAT_VERSION]) + len(wrapped).to_bytes(2, "big") + wrapped + nonce + sealed
        ciphertext = PREFIX + base64.b64encode(envelope).decode()
        return EncryptResult(ciphertext, KmsMetrics(_since(start), 1))

    def sync_decrypt_with_metrics(self, ciphertext: str) -> DecryptResult:
        start = time.perf_counter()
        if not _text(ciphertext).startswith(PREFIX):
            raise ValueError("Ciphertext must start with 'ENC:' prefix")
        wrapped, sealed = _unpack(_decode_base64(ciphertext[len(PREFIX) :]))
        key = self._call("decrypt", CiphertextBlob=wrapped)["Plaintext"]
        if len(sealed) < NONCE_SIZE:
            raise EncryptionException("Data too short for decryption")
        try:
            data = _aesgcm(key).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], None)
        except Exception as error:  # cryptography's InvalidTag: altered data or another key
            raise EncryptionException("Decryption failed: aead::Error") from error
        try:
            plaintext = data.decode()
        except UnicodeDecodeError as error:
            raise ValueError(f"Invalid UTF-8: {error}") from error
        return DecryptResult(plaintext, KmsMetrics(_since(start), 1))

    def sync_encrypt(self, plaintext: str) -> str:
        return self.sync_encrypt_with_metrics(plaintext).ciphertext

    def sync_decrypt(self, ciphertext: str) -> str:
        return self.sync_decrypt_with_metrics(ciphertext).plaintext

    # -- async: on the I/O pool -----------------------------------------------------------

    async def encrypt(self, plaintext: str) -> EncryptResult:
        return await run_blocking(self.sync_encrypt_with_metrics, plaintext)

    async def decrypt(self, ciphertext: str) -> DecryptResult:
        return await run_blocking(self.sync_decrypt_with_metrics, ciphertext)

    async def encrypt_with_metrics(self, plaintext: str) -> EncryptResult:
        return await run_blocking(self.sync_encrypt_with_metrics, plaintext)

    async def decrypt_with_metrics(self, ciphertext: str) -> DecryptResult:
        return await run_blocking(self.sync_decrypt_with_metrics, ciphertext)


def _text(value: Any) -> str:
    """`value`, which must be a str (TypeError worded as 1.8's)."""
    if not isinstance(value, str):
        what = "'None'" if value is None else f"'{type(value).__name__}' object"
        raise TypeError(f"{what} is not an instance of 'str'")
    return value


def _aesgcm(key: bytes) -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise EncryptionException("EncryptedAttribute needs the 'cryptography' package") from None
    return AESGCM(key)


def _unpack(envelope: bytes) -> tuple[bytes, bytes]:
    """(encrypted data key, nonce + sealed text) from a stored envelope."""
    if len(envelope) < 3:
        raise EncryptionException("Invalid envelope: too short")
    if envelope[0] != FORMAT_VERSION:
        raise EncryptionException(f"Unsupported envelope version: {envelope[0]}")
    size = int.from_bytes(envelope[1:3], "big")
    if len(envelope) < 3 + size:
        raise EncryptionException("Invalid envelope: truncated DEK")
    return envelope[3 : 3 + size], envelope[3 + size :]


_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _decode_base64(text: str) -> bytes:
    """Standard, padded base64, refused as strictly as 1.8 does (ValueError "Invalid base64: ...")."""
    raw = text.encode()
    data = raw.rstrip(b"=")
    padding = len(raw) - len(data)
    for offset, byte in enumerate(data):
        if byte not in _ALPHABET:
            raise _invalid_base64(f"Invalid symbol {byte}, offset {offset}.")
    # A last group of 2 symbols takes "==", of 3 takes "=", of 4 none; 1 symbol is never whole.
    expected = {0: 0, 1: 0, 2: 2, 3: 1}[len(data) % 4]
    if padding > expected:
        raise _invalid_base64(f"Invalid symbol 61, offset {len(data)}.")
    if len(data) % 4 == 1:
        raise _invalid_base64(f"Invalid input length: {len(raw)}")
    if padding < expected:
        raise _invalid_base64("Invalid padding")
    if padding:  # the last symbol's bits past the final byte must be zero
        last = data[-1]
        value = _ALPHABET.index(last)
        if value & (0x0F if padding == 2 else 0x03):
            raise _invalid_base64(
                f"Invalid last symbol {last:#04x} ('{chr(last)}') at offset {len(data) - 1}, decoded as {value:#010b}."
            )
    return base64.b64decode(raw)


def _invalid_base64(reason: str) -> ValueError:
    return ValueError(f"Invalid base64: {reason}")


def _kms_error(error: Exception) -> Exception:
    def by_code(code: str, message: str | None) -> Exception | None:
        known = _KMS_MESSAGES.get(code)
        return EncryptionException(known) if known else None

    return translate_service_error(error, "KMS", by_code, EncryptionException)


def _since(start: float) -> float:
    return (time.perf_counter() - start) * 1000
