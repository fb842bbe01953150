"""Passwords: hashed with scrypt (salted), the parameters kept with the hash so they can be raised
later without locking anyone out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # OWASP's minimum for scrypt; 16 MiB of memory per hash
LENGTH = 32


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (salt and hash in base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=LENGTH)
    return "$".join([SCHEME, str(N), str(R), str(P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


def new_password() -> str:
    """A random password a person can type (printed once, on first start)."""
    return secrets.token_urlsafe(12)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
