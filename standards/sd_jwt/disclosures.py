"""RFC 9901 §4.2: Disclosures, and the digests that embed them (§4.2.3)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, Final, NamedTuple

from standards.errors import DisclosureMalformed
from standards.jose import b64url_decode, b64url_encode, json_loads, json_text

__all__ = [
    "DEFAULT_SD_ALG",
    "HASH_ALGORITHMS",
    "ClaimPath",
    "Disclosure",
    "digest",
    "disclosure_tail",
]

ClaimPath = tuple[str | int | None, ...]
"""A path to a claim, as in OpenID4VP §7: names for object members, integers for array
elements, ``None`` for every element of an array."""

DEFAULT_SD_ALG: Final = "sha-256"
"""RFC 9901 §4.1.1: the default, and the only one Regie issues with."""

HASH_ALGORITHMS: Final[Mapping[str, Callable[[bytes], Any]]] = {
    "sha-256": hashlib.sha256,
    "sha-384": hashlib.sha384,
    "sha-512": hashlib.sha512,
}
"""RFC 9901 §4.1.1: names from the IANA "Named Information Hash Algorithm" registry that a
verifier here understands and deems secure (§7.1 step 2.5)."""


def disclosure_tail(name: str | None, value: Any) -> str:
    """§4.2.1/§4.2.2: the JSON text of a Disclosure's array after its salt: ``,name,value]``,
    or ``,value]`` for an array element; compact, as :func:`~standards.jose.json_dumps`."""
    if name is None:
        return "," + json_text(value) + "]"
    return "," + json_text(name) + "," + json_text(value) + "]"


def digest(encoded: str, sd_alg: str = DEFAULT_SD_ALG) -> str:
    """RFC 9901 §4.2.3: base64url of the hash over the ASCII bytes of the encoded string."""
    return b64url_encode(HASH_ALGORITHMS[sd_alg](encoded.encode("ascii")).digest())


class Disclosure(NamedTuple):
    """One Disclosure: ``[salt, name, value]`` (§4.2.1) or ``[salt, value]`` (§4.2.2)."""

    encoded: str
    salt: str
    name: str | None
    value: Any

    @property
    def is_array_element(self) -> bool:
        return self.name is None

    @classmethod
    def create(cls, salt: str, name: str | None, value: Any) -> Disclosure:
        """§4.2.1/§4.2.2: base64url over the UTF-8 JSON array.

        The array is written element by element, the same compact JSON
        :func:`~standards.jose.json_dumps` writes for the whole array (each element's text,
        joined by ``,`` in ``[ ]``), without a list to encode.
        """
        return cls.from_tail(salt, name, value, disclosure_tail(name, value))

    @classmethod
    def from_tail(cls, salt: str, name: str | None, value: Any, tail: str) -> Disclosure:
        """:meth:`create`, with the array's text after the salt already written
        (:func:`disclosure_tail`): an issuer writes it once for every copy of a batch."""
        text = "[" + json_text(salt) + tail
        return cls(b64url_encode(text.encode("utf-8")), salt, name, value)

    @classmethod
    def parse(cls, encoded: str) -> Disclosure:
        """§4.2: decode and check the shape; the digest check happens in §7.1 step 3."""
        array = json_loads(b64url_decode(encoded, what="a Disclosure"), what="a Disclosure")
        if not isinstance(array, list) or len(array) not in (2, 3):
            raise DisclosureMalformed("a Disclosure is a JSON array of 2 or 3 elements")
        if not isinstance(array[0], str):
            raise DisclosureMalformed("a Disclosure's salt must be a string")
        if len(array) == 2:  # noqa: PLR2004 - §4.2.2 array element
            return cls(encoded, array[0], None, array[1])
        if not isinstance(array[1], str):
            raise DisclosureMalformed("a Disclosure's claim name must be a string")
        return cls(encoded, array[0], array[1], array[2])

    def digest(self, sd_alg: str = DEFAULT_SD_ALG) -> str:
        return digest(self.encoded, sd_alg)
