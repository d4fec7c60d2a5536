"""`KmsEncryptor` and `EncryptedAttribute` against moto's KMS (DynamoDB: fakedynamo), as pydynox 1.8 behaves."""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox._internal._encryption import DecryptResult, EncryptResult, KmsEncryptor
from pydynox.attributes import EncryptedAttribute, EncryptionMode, StringAttribute
from pydynox.exceptions import EncryptionException
from tests.pydynox.aws_fakes import aws  # noqa: F401 - the fixture
from tests.pydynox.conftest import make_table


@pytest.fixture
def key_id(aws: DynamoDBClient) -> str:
    import boto3

    return boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]  # type: ignore[no-any-return]


@pytest.fixture
def encryptor(key_id: str) -> KmsEncryptor:
    return KmsEncryptor(key_id=key_id, region="us-east-1")


def model(key_id: str, mode: EncryptionMode | None = None) -> Any:
    class Person(Model):
        model_config = ModelConfig(table="people")
        pk = StringAttribute(partition_key=True)
        ssn = EncryptedAttribute(key_id=key_id, mode=mode)

    return Person


def test_round_trip_with_fresh_nonces_and_no_size_limit(encryptor: KmsEncryptor) -> None:
    for text in ("my secret", "", "Hello 世界 🔐", "x" * 100_000):
        sealed = encryptor.sync_encrypt(text)
        assert sealed.startswith("ENC:") and encryptor.sync_decrypt(sealed) == text
    assert encryptor.sync_encrypt("same") != encryptor.sync_encrypt("same")


def test_values_sealed_in_the_18_envelope_are_read(key_id: str, encryptor: KmsEncryptor) -> None:
    """version 1 | key length (2 bytes, big-endian) | encrypted data key | 12-byte nonce | AES-GCM ciphertext."""
    import boto3
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data_key = boto3.client("kms", region_name="us-east-1").generate_data_key(KeyId=key_id, KeySpec="AES_256")
    nonce = os.urandom(12)
    sealed = AESGCM(data_key["Plaintext"]).encrypt(nonce, "written by 1.8".encode(), None)
    wrapped = data_key["CiphertextBlob"]
    envelope = b"\x01" + len(wrapped).to_bytes(2, "big") + wrapped + nonce + sealed
    assert encryptor.sync_decrypt("ENC:" + base64.b64encode(envelope).decode()) == "written by 1.8"
    ours = base64.b64decode(encryptor.sync_encrypt("x")[4:])
    assert ours[0] == 1 and len(ours) == 3 + int.from_bytes(ours[1:3], "big") + 12 + 1 + 16


def test_async_calls_answer_with_result_objects(encryptor: KmsEncryptor) -> None:
    async def run() -> tuple[EncryptResult, DecryptResult, DecryptResult]:
        sealed = await encryptor.encrypt("secret data")
        return sealed, await encryptor.decrypt(sealed.ciphertext), await encryptor.decrypt_with_metrics(sealed.ciphertext)

    sealed, opened, opened_again = asyncio.run(run())
    assert sealed.ciphertext.startswith("ENC:") and sealed.metrics.kms_calls == 1 and sealed.metrics.duration_ms > 0
    assert opened.plaintext == opened_again.plaintext == "secret data" and opened.metrics.kms_calls == 1
    result = encryptor.sync_encrypt_with_metrics("x")
    assert result.metrics.kms_calls == 1 and encryptor.sync_decrypt_with_metrics(result.ciphertext).plaintext == "x"


@pytest.mark.parametrize(
    ("ciphertext", "error", "message"),
    [
        ("not encrypted", ValueError, "Ciphertext must start with 'ENC:' prefix"),
        ("ENC:not-valid-base64!!!", ValueError, "Invalid base64: Invalid symbol 45, offset 3."),
        ("ENC:Q", ValueError, "Invalid base64: Invalid input length: 1"),
        ("ENC:QQQ", ValueError, "Invalid base64: Invalid padding"),
        ("ENC:QQ=", ValueError, "Invalid base64: Invalid padding"),
        ("ENC:Q=", ValueError, "Invalid base64: Invalid symbol 61, offset 1."),
        ("ENC:QR==", ValueError, "Invalid base64: Invalid last symbol 0x52 ('R') at offset 1, decoded as 0b00010001."),
        ("ENC:", EncryptionException, "Invalid envelope: too short"),
        ("ENC:AAAA", EncryptionException, "Unsupported envelope version: 0"),
        ("ENC:AQAFeA==", EncryptionException, "Invalid envelope: truncated DEK"),
        ("ENC:AQAA", EncryptionException, "Invalid ciphertext. Data may be corrupted."),
    ],
)
def test_decrypt_refuses_what_18_refuses(encryptor: KmsEncryptor, ciphertext: str, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        encryptor.sync_decrypt(ciphertext)
    assert str(raised.value) == message


def test_kms_errors_are_encryption_exceptions(key_id: str, encryptor: KmsEncryptor) -> None:
    with pytest.raises(EncryptionException, match=r"^KMS key not found. Check the key ID or alias.$"):
        KmsEncryptor(key_id="invalid-key-id", region="us-east-1").sync_encrypt("x")
    sealed = KmsEncryptor(key_id=key_id, region="us-east-1", context={"tenant": "acme"}).sync_encrypt("x")
    with pytest.raises(EncryptionException, match="Invalid ciphertext"):
        KmsEncryptor(key_id=key_id, region="us-east-1", context={"tenant": "other"}).sync_decrypt(sealed)
    envelope = bytearray(base64.b64decode(encryptor.sync_encrypt("x")[4:]))
    envelope[-1] ^= 1  # the GCM tag no longer matches
    with pytest.raises(EncryptionException, match="Decryption failed"):
        encryptor.sync_decrypt("ENC:" + base64.b64encode(bytes(envelope)).decode())
    with pytest.raises(TypeError, match="'int' object is not an instance of 'str'"):
        encryptor.sync_encrypt(5)  # type: ignore[arg-type]
    assert KmsEncryptor.is_encrypted("ENC:") and not KmsEncryptor.is_encrypted("")


def test_encrypted_attribute_saves_ciphertext_and_loads_plaintext(aws: DynamoDBClient, key_id: str) -> None:
    make_table(aws, "people")
    Person = model(key_id)  # noqa: N806 - a model class
    Person(pk="p", ssn="123-45-6789").sync_save()
    stored = aws.sync_get_item("people", {"pk": "p"})
    assert stored is not None and stored["ssn"].startswith("ENC:") and "123-45" not in stored["ssn"]
    loaded = asyncio.run(Person.get(pk="p"))
    assert loaded is not None and loaded.ssn == "123-45-6789"


def test_write_only_loads_the_ciphertext_and_read_only_saves_plaintext(aws: DynamoDBClient, key_id: str) -> None:
    make_table(aws, "people")
    Writer, Reader = model(key_id, EncryptionMode.WriteOnly), model(key_id, EncryptionMode.ReadOnly)  # noqa: N806
    Writer(pk="secret", ssn="from ingest").sync_save()
    written = Writer.sync_get(pk="secret")
    assert written is not None and written.ssn.startswith("ENC:")
    read = Reader.sync_get(pk="secret")
    assert read is not None and read.ssn == "from ingest"
    Reader(pk="plain", ssn="as given").sync_save()
    assert aws.sync_get_item("people", {"pk": "plain"}) == {"pk": "plain", "ssn": "as given"}


@pytest.mark.parametrize("run", ["sync", "async"])
def test_kms_calls_count_in_the_models_metrics(aws: DynamoDBClient, key_id: str, run: str) -> None:
    make_table(aws, "people")
    Person = model(key_id)  # noqa: N806 - a model class
    person = Person(pk="p", ssn="123-45-6789")
    person.sync_save() if run == "sync" else asyncio.run(person.save())
    metrics = Person.get_total_metrics()
    assert metrics.kms_calls == 1 and metrics.kms_duration_ms > 0
    Person.sync_get(pk="p") if run == "sync" else asyncio.run(Person.get(pk="p"))
    assert metrics.kms_calls == 2
    Person.reset_metrics()
    assert (metrics.kms_calls, metrics.kms_duration_ms) == (0, 0.0)
