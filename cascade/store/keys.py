"""API keys: bound to a body and its subtree, read or write, kept only as a salted hash.

A key reads ``tk_<prefix>_<secret>``: the prefix finds the row, the secret is checked
against its scrypt hash. The plain key is shown once, at creation. Because a verified key
is remembered (by its SHA-256) for the life of the process, scrypt's cost is paid once per
key, not per request. ``authenticate`` reads revocation from the database on every call;
a server may remember the answer for a few seconds (``VerifiedKeys``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .rows import ApiKeyRow, log_event, utcnow

SCOPES = ("read", "write")
_N, _R, _P = 2**14, 8, 1
_verified: dict[int, str] = {}  # key id → sha256 of a token that passed scrypt


class KeyError_(ValueError):
    """A key that cannot be created or revoked; the message names the field."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's public prefix, its body and its scope."""

    key_id: int
    prefix: str
    body_id: str
    scope: str

    def can(self, scope: str) -> bool:
        return self.scope == "write" or scope == "read"


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32).hex()


def create_key(session: Session, body_id: str, scope: str, label: str | None = None,
               actor: str = "system") -> tuple[ApiKeyRow, str]:
    """A new key row and the plain key (to show once; it is not stored)."""
    if scope not in SCOPES:
        raise KeyError_(f"scope: must be 'read' or 'write', not {scope!r}")
    if not body_id:
        raise KeyError_("body_id: required")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    row = ApiKeyRow(prefix=prefix, salt=salt.hex(), hash=_hash(secret, salt), body_id=body_id,
                 scope=scope, label=label)
    session.add(row)
    session.flush()
    log_event(session, actor, "create", "api_key", prefix, after=key_json(row))
    return row, f"tk_{prefix}_{secret}"


def key_json(row: ApiKeyRow) -> dict[str, Any]:
    return {"prefix": row.prefix, "body_id": row.body_id, "scope": row.scope,
            "label": row.label,
            "created_at": row.created_at.isoformat() if row.created_at else None,
            "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None}


def _split(token: str) -> tuple[str, str] | None:
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "tk" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def authenticate(session: Session, token: str | None) -> Principal | None:
    """The principal for a presented key, or None (unknown, malformed or revoked)."""
    if not token:
        return None
    split = _split(token)
    if split is None:
        return None
    prefix, secret = split
    # the columns only, not an ORM object: this runs on every request
    row = session.execute(select(ApiKeyRow.id, ApiKeyRow.prefix, ApiKeyRow.salt, ApiKeyRow.hash,
                                 ApiKeyRow.body_id, ApiKeyRow.scope, ApiKeyRow.revoked_at)
                          .where(ApiKeyRow.prefix == prefix)).first()
    if row is None or row.revoked_at is not None:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    cached = _verified.get(row.id)
    if cached is None or not hmac.compare_digest(cached, digest):
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(row.salt)), row.hash):
            return None
        _verified[row.id] = digest
    return Principal(row.id, row.prefix, row.body_id, row.scope)


def list_keys(session: Session, include_revoked: bool = False) -> list[ApiKeyRow]:
    q = select(ApiKeyRow).order_by(ApiKeyRow.id)
    if not include_revoked:
        q = q.where(ApiKeyRow.revoked_at.is_(None))
    return list(session.scalars(q))


def revoke_key(session: Session, prefix: str, actor: str = "system") -> ApiKeyRow:
    """Revoke by prefix (as listed); revoking twice is harmless."""
    if prefix.startswith("tk_"):  # a whole key pasted: take its prefix
        prefix = (_split(prefix) or ("", ""))[0]
    row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix)).first()
    if row is None:
        raise KeyError_(f"prefix: no API key {prefix!r}")
    if row.revoked_at is None:
        before = key_json(row)
        row.revoked_at = utcnow()
        session.flush()
        log_event(session, actor, "revoke", "api_key", row.prefix, before=before,
                  after=key_json(row))
    _verified.pop(row.id, None)
    return row


class VerifiedKeys:
    """Principals of keys a server authenticated in the last ``ttl`` seconds, by the
    SHA-256 of the presented key: requests within that time skip the database lookup.

    The price is that a key revoked by ``trienkhai keys revoke`` (another process) is
    still accepted by a running server for at most ``ttl`` seconds. Refusals are never
    remembered, so a new key works at once.
    """

    def __init__(self, ttl: float, size: int = 4096) -> None:
        self.ttl, self.size = ttl, size
        self._seen: dict[str, tuple[float, Principal]] = {}

    @staticmethod
    def _digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def get(self, token: str | None) -> Principal | None:
        if not token or self.ttl <= 0:
            return None
        hit = self._seen.get(self._digest(token))
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, token: str, p: Principal) -> None:
        if self.ttl <= 0:
            return
        if len(self._seen) >= self.size:  # many distinct keys: start afresh, stay bounded
            self._seen.clear()
        self._seen[self._digest(token)] = (time.monotonic() + self.ttl, p)
