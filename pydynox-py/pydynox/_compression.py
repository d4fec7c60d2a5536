"""Compression for `CompressedAttribute`: bytes in, bytes out; strings stored as ``"ALGO:<base64>"``.

The text format is 1.8's (``ZSTD:``, ``LZ4:``, ``GZIP:`` prefixes), so values
written here read back in pydynox 1.8 and the other way round. Gzip comes with
Python; Zstd needs ``zstandard`` and LZ4 ``lz4``. Without ``zstandard`` the
default algorithm is Gzip rather than Zstd.
"""

from __future__ import annotations

import base64
import enum
import gzip
from typing import Any

__all__ = ["CompressionAlgorithm", "compress", "compress_string", "decompress", "decompress_string", "should_compress"]


class CompressionAlgorithm(enum.Enum):
    Zstd = "ZSTD"
    Lz4 = "LZ4"
    Gzip = "GZIP"


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError:
        raise ImportError("Zstd compression needs the 'zstandard' package (pip install zstandard)") from None
    return zstandard


def _lz4() -> Any:
    try:
        import lz4.block
    except ImportError:
        raise ImportError("LZ4 compression needs the 'lz4' package (pip install lz4)") from None
    return lz4.block


def _default() -> CompressionAlgorithm:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return CompressionAlgorithm.Gzip
    return CompressionAlgorithm.Zstd


def compress(data: bytes, algorithm: CompressionAlgorithm | None = None, level: int | None = None) -> bytes:
    algorithm = algorithm or _default()
    if algorithm is CompressionAlgorithm.Gzip:
        return gzip.compress(data, compresslevel=6 if level is None else level, mtime=0)
    if algorithm is CompressionAlgorithm.Zstd:
        return _zstd().ZstdCompressor(level=3 if level is None else level).compress(data)
    return _lz4().compress(data, store_size=True)


def decompress(data: bytes, algorithm: CompressionAlgorithm | None = None) -> bytes:
    algorithm = algorithm or _default()
    if algorithm is CompressionAlgorithm.Gzip:
        return gzip.decompress(data)
    if algorithm is CompressionAlgorithm.Zstd:
        return _zstd().ZstdDecompressor().decompress(data)
    return bytes(_lz4().decompress(data))


def should_compress(data: bytes, algorithm: CompressionAlgorithm | None = None, threshold: float | None = None) -> bool:
    """Whether compressing saves enough: compressed size below ``threshold`` (0.9) of the original."""
    if not data:
        return False
    return len(compress(data, algorithm)) < len(data) * (0.9 if threshold is None else threshold)


def compress_string(
    value: str,
    algorithm: CompressionAlgorithm | None = None,
    level: int | None = None,
    min_size: int | None = None,
    threshold: float | None = None,
) -> str:
    """``"ALGO:<base64>"``, or `value` itself when it is under `min_size` (100) bytes or does not shrink."""
    raw = value.encode()
    if len(raw) < (100 if min_size is None else min_size):
        return value
    algorithm = algorithm or _default()
    packed = compress(raw, algorithm, level)
    if len(packed) >= len(raw) * (0.9 if threshold is None else threshold):
        return value
    return f"{algorithm.value}:{base64.b64encode(packed).decode()}"


def decompress_string(value: str) -> str:
    """The text `compress_string` was given; a value without a known prefix is returned unchanged."""
    prefix, sep, body = value.partition(":")
    if sep:
        for algorithm in CompressionAlgorithm:
            if algorithm.value == prefix:
                return decompress(base64.b64decode(body), algorithm).decode()
    return value
