"""1.8's private path to the KMS encryptor and its results (imported by its tests and some user code)."""

from pydynox._kms import DecryptResult, EncryptionMode, EncryptResult, KmsEncryptor, KmsMetrics

__all__ = ["DecryptResult", "EncryptResult", "EncryptionMode", "KmsEncryptor", "KmsMetrics"]
