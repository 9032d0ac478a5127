"""The credentials the municipality issues: what each contains and how it is built."""

from issuer.credentials.catalogue import CATALOGUE, CredentialType, credential_type

__all__ = ["CATALOGUE", "CredentialType", "credential_type"]
