"""Token Status List §4.1 step 4 and §4.2: the compressed byte array and its ``lst`` form.

``lst`` is base64url (no padding) of the byte array compressed with DEFLATE (RFC 1951) in the
ZLIB data format (RFC 1950). Decompression is bounded: the specification (§8.3 step 5) only
says to decompress, but a few kilobytes of DEFLATE can inflate to gigabytes, so a verifier
refuses to inflate beyond ``max_bytes`` and never holds more than that in memory.
"""

from __future__ import annotations

import zlib
from typing import Final

from standards.errors import DecompressionLimitExceeded, StatusListInvalid
from standards.jose import b64url_decode, b64url_encode

__all__ = ["DEFAULT_MAX_BYTES", "compress_byte_array", "decompress_lst"]

DEFAULT_MAX_BYTES: Final = 16 * 1024 * 1024
"""Largest uncompressed byte array accepted: 16 MiB, 134 million statuses at 1 bit."""

_BEST_COMPRESSION: Final = 9
"""Token Status List §4.1 step 4: the highest compression level is RECOMMENDED."""


def compress_byte_array(byte_array: bytes | bytearray | memoryview) -> str:
    """Token Status List §4.1 step 4 and §4.2: ZLIB-compress and base64url-encode a byte array."""
    return b64url_encode(zlib.compress(byte_array, _BEST_COMPRESSION))


def decompress_lst(lst: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Token Status List §4.2 and §8.3 step 5: the byte array in ``lst``, at most ``max_bytes``.

    Raises :class:`~standards.errors.BadBase64` when ``lst`` is not base64url,
    :class:`~standards.errors.StatusListInvalid` when it is not one complete ZLIB stream, and
    :class:`~standards.errors.DecompressionLimitExceeded` when it would inflate past the bound.
    """
    if max_bytes < 0:
        raise ValueError("max_bytes must not be negative")
    compressed = b64url_decode(lst, what="status_list.lst")
    inflater = zlib.decompressobj()  # wbits 15: the ZLIB format of RFC 1950, not raw or gzip
    try:
        # max_length 0 would mean "unlimited", so ask for one byte more than allowed.
        byte_array = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error as exc:
        raise StatusListInvalid("status_list.lst is not a ZLIB (RFC 1950) stream") from exc
    if len(byte_array) > max_bytes or inflater.unconsumed_tail:
        raise DecompressionLimitExceeded(f"status_list.lst inflates to more than {max_bytes} bytes")
    if not inflater.eof:
        raise StatusListInvalid("status_list.lst ends before its ZLIB stream does")
    if inflater.unused_data:
        raise StatusListInvalid("status_list.lst has data after its ZLIB stream")
    return byte_array
