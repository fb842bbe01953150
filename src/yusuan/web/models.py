"""The tables of yusuan web: bureaus and their units, people, budgets with their revisions and
comments, and login attempts (for throttling).

A budget's data is the whole budget as plain JSON values (amounts as exact decimal strings in 万元,
``yusuan.web.store``); every save writes a revision holding the whole budget, so any revision can
be read, built and restored on its own."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"  # of a bureau: sees and reviews its units
    PREPARER = "preparer"  # of a unit: edits its budgets


ROLE_TITLES = {Role.ADMIN: "管理员", Role.REVIEWER: "审核人", Role.PREPARER: "编制人"}


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"


STATUS_TITLES = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "已提交",
    Status.RETURNED: "已退回",
    Status.APPROVED: "已审核通过",
    Status.PUBLISHED: "已公开",
}


class Bureau(Base):
    __tablename__ = "bureau"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    units: Mapped[list[Unit]] = relationship(back_populates="bureau", order_by="Unit.name")


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureau.id"))
    name: Mapped[str] = mapped_column(String(200))
    bureau: Mapped[Bureau] = relationship(back_populates="units")
    __table_args__ = (UniqueConstraint("bureau_id", "name"),)


class User(Base):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    bureau_id: Mapped[int | None] = mapped_column(ForeignKey("bureau.id"))  # a reviewer's
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # a preparer's
    bureau: Mapped[Bureau | None] = relationship()
    unit: Mapped[Unit | None] = relationship()


class Budget(Base):
    __tablename__ = "budget"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT.value)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # the number of the latest revision
    # part id -> the revision that last changed it: a save based on an older revision conflicts
    part_versions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    published_revision: Mapped[int | None] = mapped_column(Integer)
    row_version: Mapped[int] = mapped_column(Integer)  # SQLAlchemy's optimistic lock on the row
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    unit: Mapped[Unit] = relationship()
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012


class Revision(Base):
    __tablename__ = "revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    part: Mapped[str] = mapped_column(String(40))  # the part saved; "" for a whole budget
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text)
    # what the checker found on the revision's document; None until counted (migration 0002)
    errors: Mapped[int | None] = mapped_column(Integer)
    warnings: Mapped[int | None] = mapped_column(Integer)
    author: Mapped[User] = relationship()
    __table_args__ = (UniqueConstraint("budget_id", "number"),)


class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"))
    part: Mapped[str] = mapped_column(String(40), default="")
    finding: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text)
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[User] = relationship()


class LoginAttempt(Base):
    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(100))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    succeeded: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (Index("ix_login_attempt_who", "username", "address", "time"),)
