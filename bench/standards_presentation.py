"""Issue 2 benchmark: SD-JWT VC presentation verification through ``standards``.

Subject: ``verify_credential_presentation`` of a credential with 10 selectively disclosable
claims presented with 3 disclosed and a KB-JWT (parse, both signatures, disclosures, digests,
key binding, sd_hash). Floor: the two ES256 verifications alone, with ``cryptography`` on the
same keys and the same signing inputs. Target: >= 75% of the floor.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from bench.harness import Result, compare
from bench.samples import NOW, sample_credential
from standards import jose
from standards.sd_jwt import KeyBindingPolicy, create_presentation, select_disclosures
from standards.sd_jwt_vc import verify_credential, verify_credential_presentation

__all__ = ["run"]

TARGET = 0.75


def _der(signature: bytes) -> bytes:
    return encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )


def _floor(
    issuer: jose.PrivateKey, holder: jose.PrivateKey, presentation: str
) -> Callable[[], None]:
    issuer_jwt, kb_jwt = (
        presentation.split("~", maxsplit=1)[0],
        presentation.rsplit("~", maxsplit=1)[-1],
    )
    signed = [
        (issuer.public.key, jose.parse_jws(issuer_jwt)),
        (holder.public.key, jose.parse_jws(kb_jwt)),
    ]
    prepared = [(key, _der(p.signature), p.signing_input) for key, p in signed]
    algorithm = ec.ECDSA(hashes.SHA256())

    def floor() -> None:
        for key, signature, data in prepared:
            key.verify(signature, data, algorithm)

    return floor


def run() -> Result:
    issuer, holder = jose.PrivateKey.generate(), jose.PrivateKey.generate()
    issued = sample_credential(issuer, holder)
    held = verify_credential(issued.compact, issuer_key=issuer.public, now=lambda: NOW)
    chosen = select_disclosures(held.sd_jwt, [("claim_1",), ("claim_4",), ("claim_7",)])
    presentation = create_presentation(
        issued.issuer_jwt,
        chosen,
        holder_key=holder,
        audience="x509_san_dns:rp.bench.example",
        nonce="bench-nonce",
        issued_at=NOW,
    )
    policy = KeyBindingPolicy(audience="x509_san_dns:rp.bench.example", nonce="bench-nonce")

    def subject() -> None:
        verify_credential_presentation(
            presentation, issuer_key=issuer.public, key_binding=policy, now=lambda: NOW
        )

    return compare(
        "standards: SD-JWT VC presentation verify (10 disclosable, 3 disclosed, KB-JWT)",
        subject,
        floor_name="2 ES256 verifies, cryptography",
        floor=_floor(issuer, holder, presentation),
        target=TARGET,
    )
