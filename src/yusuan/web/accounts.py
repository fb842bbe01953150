"""Signing in: a password checked against its scrypt hash, and throttling — after ``LIMIT`` failed
attempts for one account from one address within ``WINDOW``, further attempts are refused until
the window has passed (even with the right password, so guessing gains nothing)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yusuan.web import models
from yusuan.web.passwords import hash_password, verify_password

LIMIT = 5
WINDOW = timedelta(minutes=15)
# verified when the account does not exist, so a wrong name takes as long as a wrong password
_DUMMY = hash_password("yusuan-no-such-account")


class Throttled(Exception):
    message = f"登录失败次数过多（{WINDOW.seconds // 60} 分钟内 {LIMIT} 次），请稍后再试"


class BadLogin(Exception):
    message = "用户名或密码不正确"


def failures(db: Session, username: str, address: str) -> int:
    since = models.now() - WINDOW
    return (
        db.scalar(
            select(func.count())
            .select_from(models.LoginAttempt)
            .where(
                models.LoginAttempt.username == username,
                models.LoginAttempt.address == address,
                models.LoginAttempt.time >= since,
                models.LoginAttempt.succeeded.is_(False),
            )
        )
        or 0
    )


def authenticate(db: Session, username: str, password: str, address: str) -> models.User:
    """The user with this name and password; ``Throttled`` or ``BadLogin`` otherwise. Every attempt
    is recorded (and committed) here."""
    username = username.strip()[:100]
    if failures(db, username, address) >= LIMIT:
        raise Throttled()
    user = db.scalar(select(models.User).where(models.User.username == username))
    good = verify_password(password, user.password_hash if user else _DUMMY) and user is not None
    db.add(models.LoginAttempt(username=username, address=address[:100], succeeded=good))
    db.commit()
    if not good or user is None:
        raise BadLogin()
    return user
