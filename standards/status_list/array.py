"""Token Status List §4.1: the status byte array, read-only (:class:`StatusArray`) and mutable
(:class:`StatusList`), and ``lst`` encoding of status values (§4.2).

Each index owns ``bits`` contiguous bits, packed from the least significant bit of byte 0
upwards (§4.1 step 3, §11.1): index ``i`` lives in byte ``i // (8 // bits)`` at bit offset
``(i % (8 // bits)) * bits``. Reading one status is index arithmetic on the bytes, O(1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from standards.status_list.compression import (
    DEFAULT_MAX_BYTES,
    compress_byte_array,
    decompress_lst,
)
from standards.status_list.status import Status, as_status, check_bits, check_index, check_value

__all__ = ["StatusArray", "StatusList", "decode_lst", "encode_lst", "pack_statuses"]


def _read(byte_array: bytes | bytearray, bits: int, index: int) -> int:
    per_byte = 8 // bits
    shift = (index % per_byte) * bits
    return (byte_array[index // per_byte] >> shift) & ((1 << bits) - 1)


def _byte_length(size: int, bits: int) -> int:
    """Token Status List §4.1 step 2: ``size * bits / 8`` bytes, rounded up."""
    return (size * bits + 7) // 8


@dataclass(frozen=True, slots=True)
class StatusArray:
    """An uncompressed status byte array (Token Status List §4.1), as decoded from ``lst``.

    Its length counts every slot of the byte array, so a list whose size is not a multiple
    of ``8 // bits`` has a few trailing padding slots (§4.1 step 2: "or greater").
    """

    byte_array: bytes
    bits: int

    def __post_init__(self) -> None:
        check_bits(self.bits)

    def __len__(self) -> int:
        return len(self.byte_array) * 8 // self.bits

    def get(self, index: int) -> Status | int:
        """Token Status List §8.3 steps 6-7: the status at ``index``; out of bounds is refused."""
        return as_status(_read(self.byte_array, self.bits, check_index(index, len(self))))

    def statuses(self) -> list[int]:
        """Every status value in index order (O(n); for tests and small lists)."""
        return [_read(self.byte_array, self.bits, index) for index in range(len(self))]

    def encode(self) -> str:
        """Token Status List §4.2: the ``lst`` value for this byte array."""
        return compress_byte_array(self.byte_array)


class StatusList:
    """A mutable Status List for the Status Issuer (Token Status List §4.1 steps 1-3).

    ``default`` fills every entry (§13.3: use the most common status, usually VALID, so that
    issuance needs no update and unused indices look like valid ones).
    """

    __slots__ = ("_bits", "_data", "_size")

    def __init__(self, size: int, *, bits: int = 1, default: int = Status.VALID) -> None:
        self._bits = check_bits(bits)
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"size must be a non-negative integer, not {size!r}")
        check_value(default, self._bits)
        fill = sum(default << (slot * self._bits) for slot in range(8 // self._bits))
        self._size = size
        self._data = bytearray([fill]) * _byte_length(size, self._bits)

    @classmethod
    def from_array(cls, array: StatusArray, *, size: int | None = None) -> StatusList:
        """A mutable copy of ``array`` (for example one loaded from storage)."""
        size = len(array) if size is None else size
        if not 0 <= size <= len(array):
            raise ValueError(f"size {size} does not fit the array of {len(array)} statuses")
        status_list = cls(0, bits=array.bits)
        status_list._size = size
        status_list._data = bytearray(array.byte_array[: _byte_length(size, array.bits)])
        return status_list

    @property
    def bits(self) -> int:
        return self._bits

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return self._size

    def get(self, index: int) -> Status | int:
        """The status at ``index`` (0 <= index < size)."""
        return as_status(_read(self._data, self._bits, check_index(index, self._size)))

    def set(self, index: int, status: int) -> None:
        """Token Status List §4.1 step 3: set the status at ``index``; it must fit in ``bits``."""
        index = check_index(index, self._size)
        value = check_value(status, self._bits)
        per_byte = 8 // self._bits
        shift = (index % per_byte) * self._bits
        mask = ((1 << self._bits) - 1) << shift
        position = index // per_byte
        self._data[position] = (self._data[position] & ~mask) | (value << shift)

    def to_bytes(self) -> bytes:
        """The uncompressed byte array (§4.1 step 2)."""
        return bytes(self._data)

    def freeze(self) -> StatusArray:
        """A read-only snapshot of the current statuses."""
        return StatusArray(byte_array=bytes(self._data), bits=self._bits)

    def encode(self) -> str:
        """Token Status List §4.1 step 4 and §4.2: the ``lst`` value."""
        return compress_byte_array(self._data)


def pack_statuses(statuses: Iterable[int], bits: int) -> bytes:
    """Token Status List §4.1 steps 2-3: pack one status value per index into a byte array."""
    bits = check_bits(bits)
    per_byte = 8 // bits
    values = list(statuses)
    byte_array = bytearray(_byte_length(len(values), bits))
    for index, status in enumerate(values):
        value = check_value(status, bits)
        byte_array[index // per_byte] |= value << ((index % per_byte) * bits)
    return bytes(byte_array)


def encode_lst(statuses: Iterable[int], bits: int) -> str:
    """Token Status List §4.1 and §4.2: status values (one per index) to an ``lst`` value.

    ``statuses`` holds one value per index, whatever its type (a list, or ``bytes`` of
    values); it is not an already packed byte array (see :func:`compress_byte_array`).
    """
    return compress_byte_array(pack_statuses(statuses, bits))


def decode_lst(lst: str, bits: int, *, max_bytes: int = DEFAULT_MAX_BYTES) -> StatusArray:
    """Token Status List §4.2 and §8.3 step 5: ``lst`` to a :class:`StatusArray`, bounded."""
    bits = check_bits(bits)
    return StatusArray(byte_array=decompress_lst(lst, max_bytes=max_bytes), bits=bits)
