"""Encrypt small secrets (Git tokens) at rest with a key derived from SECRET_KEY; the errors of reading one back."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# A key of its own for this purpose: the same SECRET_KEY also signs sessions, and must not be reused as-is.
KEY_PURPOSE = b"jobsplatform.extras.git-repository-token"


class SecretUnreadable(Exception):
    """The stored value cannot be decrypted, usually because SECRET_KEY changed since it was saved."""


class SecretVariableMissing(SecretUnreadable):
    """The environment variable that should hold a secret is not set in this process (its name is safe to show)."""

    def __init__(self, variable: str):
        self.variable = variable
        super().__init__(
            f"The environment variable {variable} that holds the token is not set in this process; "
            "every process that syncs or resolves this repository's jobs (web, worker, beat) needs it."
        )


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(plain: str) -> str:
    """An authenticated ciphertext (text) of `plain`; empty stays empty."""
    if not plain:
        return ""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt_secret(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "The stored token cannot be decrypted (was SECRET_KEY changed?); enter the token again."
        ) from None
