"""Dashboard sessions: an API key typed once into a form becomes a server-side session.

The cookie carries a random token; the store keeps only its SHA-256 (``web_sessions``),
with the key it stands for and a CSRF token for the session's forms. Every request looks
the key up again, so revoking the key ends its sessions at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from cascade.store.keys import Principal
from cascade.store.rows import ApiKeyRow, WebSessionRow, log_event, utcnow

COOKIE = "trienkhai_session"
LOGIN_CSRF_COOKIE = "trienkhai_login_csrf"
TTL = dt.timedelta(hours=12)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, p: Principal, ttl: dt.timedelta = TTL) -> str:
    """A new session for the key; the cookie's token (shown once, stored as a hash).
    Sessions ended or expired are purged first: the event log keeps who signed in and
    when, and nothing else reads a dead session, so they would only pile up."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    purge_sessions(session, now)
    session.add(WebSessionRow(token_hash=token_hash(token), key_id=p.key_id,
                           csrf=secrets.token_urlsafe(24), created_at=now,
                           expires_at=now + ttl))
    log_event(session, f"key:{p.prefix}", "sign_in", "web_session", p.prefix)
    return token


def purge_sessions(session: Session, now: dt.datetime | None = None) -> int:
    """Delete every ended or expired session; how many there were."""
    now = now or utcnow()
    gone = session.execute(delete(WebSessionRow).where(
        or_(WebSessionRow.ended_at.is_not(None), WebSessionRow.expires_at <= now)))
    return gone.rowcount or 0


def find_session(session: Session, token: str | None,
                 now: dt.datetime | None = None) -> tuple[Principal, str] | None:
    """(principal, csrf token) of a live session: not ended, not expired, key not revoked."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(
        select(WebSessionRow, ApiKeyRow).join(ApiKeyRow, ApiKeyRow.id == WebSessionRow.key_id)
        .where(WebSessionRow.token_hash == token_hash(token))).first()
    if row is None:
        return None
    ws, key = row
    if ws.ended_at is not None or ws.expires_at <= now or key.revoked_at is not None:
        return None
    return Principal(key.id, key.prefix, key.body_id, key.scope), ws.csrf


def end_session(session: Session, token: str | None) -> bool:
    """Sign out: the session can no longer be used (ended; purged at the next sign-in)."""
    if not token:
        return False
    ws = session.scalars(select(WebSessionRow).where(
        WebSessionRow.token_hash == token_hash(token))).first()
    if ws is None or ws.ended_at is not None:
        return False
    ws.ended_at = utcnow()
    return True


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
