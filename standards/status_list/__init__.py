"""Token Status List (draft-ietf-oauth-status-list, the copy in
``../shared/specs/token-status-list.md``): JSON/JWT form only.

- :mod:`~standards.status_list.status`: Status Types (§7) and the checks on bits and indices;
- :mod:`~standards.status_list.compression`: ``lst`` compression, bounded decompression (§4.1);
- :mod:`~standards.status_list.array`: the byte array, read-only and mutable (§4.1, §4.2);
- :mod:`~standards.status_list.token`: the Status List Token, create and verify (§5.1, §8.3);
- :mod:`~standards.status_list.reference`: the Referenced Token's ``status`` claim (§6.2).

A Relying Party verifies the Referenced Token first, then::

    reference = parse_status_claim(claims)
    status_list = verify_status_list_token(token, uri=reference.uri, key=key, now=now)
    status = check_status(reference, status_list)  # Status.VALID, Status.INVALID, ...
"""

from standards.status_list.array import (
    StatusArray,
    StatusList,
    decode_lst,
    encode_lst,
    pack_statuses,
)
from standards.status_list.compression import (
    DEFAULT_MAX_BYTES,
    compress_byte_array,
    decompress_lst,
)
from standards.status_list.reference import StatusReference, check_status, parse_status_claim
from standards.status_list.status import ALLOWED_BITS, Status, as_status
from standards.status_list.token import (
    DEFAULT_SKEW,
    STATUS_LIST_JWT_TYP,
    VerifiedStatusList,
    create_status_list_token,
    verify_status_list_token,
)

__all__ = [
    "ALLOWED_BITS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_SKEW",
    "STATUS_LIST_JWT_TYP",
    "Status",
    "StatusArray",
    "StatusList",
    "StatusReference",
    "VerifiedStatusList",
    "as_status",
    "check_status",
    "compress_byte_array",
    "create_status_list_token",
    "decode_lst",
    "decompress_lst",
    "encode_lst",
    "pack_statuses",
    "parse_status_claim",
    "verify_status_list_token",
]
