"""The first start of a server: a bureau, the example unit (``examples/korla-2024``) with its
budget, a second unit, and demo accounts with random passwords (printed once)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yusuan.budgetfile import load_budget
from yusuan.web import models, store
from yusuan.web.models import Role
from yusuan.web.passwords import hash_password, new_password

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "korla-2024"
BUREAU = "示例财政局"
SECOND_UNIT = "示例第二单位"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    title: str  # what the account is for, in Chinese


def is_empty(db: Session) -> bool:
    return not db.scalar(select(func.count()).select_from(models.User))


def seed(db: Session, example: Path = EXAMPLE) -> list[Account]:
    """Create the demo data in an empty database; the accounts with their passwords."""
    budget = load_budget(example) if example.exists() else None
    bureau = models.Bureau(name=BUREAU)
    unit_name = budget.unit.name if budget is not None else "示例单位"
    first = models.Unit(name=unit_name, bureau=bureau)
    second = models.Unit(name=SECOND_UNIT, bureau=bureau)
    db.add_all([bureau, first, second])
    db.flush()
    people = [
        ("admin", "管理员", Role.ADMIN, None, None, "管理员"),
        ("reviewer", "审核人（示例财政局）", Role.REVIEWER, bureau.id, None, f"审核人：{BUREAU}"),
        ("preparer", f"编制人（{unit_name}）", Role.PREPARER, None, first.id, f"编制人：{unit_name}"),
        ("preparer2", f"编制人（{SECOND_UNIT}）", Role.PREPARER, None, second.id, f"编制人：{SECOND_UNIT}"),
    ]
    accounts = []
    users = {}
    for username, display, role, bureau_id, unit_id, title in people:
        password = new_password()
        user = models.User(
            username=username,
            display_name=display,
            password_hash=hash_password(password),
            role=role.value,
            bureau_id=bureau_id,
            unit_id=unit_id,
        )
        db.add(user)
        users[username] = user
        accounts.append(Account(username, password, title))
    db.flush()
    if budget is not None and budget.layout is not None:
        store.create(
            db, first, budget.year, budget.layout, store.values(budget), users["preparer"], "示例预算（导入）"
        )
    db.commit()
    return accounts
