"""1.8's private path to the KMS encryptor (imported by its tests and some user code)."""

from pydynox._kms import EncryptionMode, KmsEncryptor

__all__ = ["EncryptionMode", "KmsEncryptor"]
