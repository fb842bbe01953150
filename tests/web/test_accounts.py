"""Signing in: scrypt hashes, login throttling (429 with a Chinese message), CSRF refused without
its token, sessions cleared on sign-out (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from yusuan.web import models
from yusuan.web.accounts import LIMIT
from yusuan.web.passwords import hash_password, verify_password

from .webkit import Site, csrf


def test_passwords_are_salted_scrypt_with_their_parameters() -> None:
    first, second = hash_password("秘密 password"), hash_password("秘密 password")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password("秘密 password", first) and not verify_password("秘密 passwort", first)
    assert not verify_password("x", "md5$abc") and not verify_password("x", "garbage")


def test_login_page_signs_in_and_out(site: Site) -> None:
    client = site.client()
    form = client.get("/login?next=/budgets")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text and "用户名" in form.text
    token = csrf(client)["X-CSRF-Token"]
    signed = client.post(
        "/login",
        data={
            "username": "reviewer",
            "password": site.passwords["reviewer"],
            "next": "/budgets",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert (signed.status_code, signed.headers["location"]) == (303, "/budgets")
    assert "审核人" in client.get("/budgets").text
    out = client.post("/logout", data={"csrf_token": csrf(client)["X-CSRF-Token"]}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/api/me").status_code == 401
    assert client.get("/budgets", follow_redirects=False).headers["location"] == "/login?next=/budgets"


def test_a_login_link_cannot_send_people_elsewhere(site: Site) -> None:
    client = site.client()
    token = csrf(client)["X-CSRF-Token"]
    answer = client.post(
        "/login",
        data={
            "username": "admin",
            "password": site.passwords["admin"],
            "next": "//evil.example/",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_csrf_is_refused_without_the_token(site: Site) -> None:
    client = site.client()
    refused = client.post("/login", data={"username": "admin", "password": site.passwords["admin"]})
    assert refused.status_code == 403 and "CSRF" in refused.text
    refused = client.post("/api/login", json={"username": "admin", "password": site.passwords["admin"]})
    assert refused.status_code == 403
    preparer = site.client("preparer")
    del preparer.headers["X-CSRF-Token"]
    part = preparer.get("/api/budgets/1/parts/glossary").json()
    body = {"data": part["data"], "base_revision": part["revision"]}
    assert preparer.put("/api/budgets/1/parts/glossary", json=body).status_code == 403
    assert (
        preparer.put(
            "/api/budgets/1/parts/glossary", json=body, headers={"X-CSRF-Token": "forged"}
        ).status_code
        == 403
    )
    assert preparer.post("/budgets/1/comments", data={"text": "x"}).status_code == 403
    assert preparer.get("/api/budgets/1").json()["revision"] == part["revision"]


def test_login_is_throttled_per_account_and_address(site: Site) -> None:
    client = site.client()
    headers = csrf(client)
    for _ in range(LIMIT):
        wrong = client.post(
            "/api/login", json={"username": "preparer2", "password": "wrong"}, headers=headers
        )
        assert wrong.status_code == 401 and wrong.json()["detail"] == "用户名或密码不正确"
    right = {"username": "preparer2", "password": site.passwords["preparer2"]}
    blocked = client.post("/api/login", json=right, headers=headers)
    assert blocked.status_code == 429 and "登录失败次数过多" in blocked.json()["detail"]
    page = client.post("/login", data={**right, "csrf_token": headers["X-CSRF-Token"]})
    assert page.status_code == 429 and "请稍后再试" in page.text
    # another account from the same address is not blocked
    assert (
        client.post(
            "/api/login", json={"username": "admin", "password": site.passwords["admin"]}, headers=headers
        ).status_code
        == 200
    )
    # once the failures are older than the window, the right password works again
    with site.app.state.sessions() as db:
        db.execute(update(models.LoginAttempt).values(time=models.now() - timedelta(minutes=16)))
        db.commit()
    again = site.client()
    assert again.post("/api/login", json=right, headers=csrf(again)).status_code == 200


def test_an_unknown_account_gets_the_same_answer(site: Site) -> None:
    client = site.client()
    answer = client.post("/api/login", json={"username": "nobody", "password": "x"}, headers=csrf(client))
    assert answer.status_code == 401 and answer.json()["detail"] == "用户名或密码不正确"


def test_the_header_names_the_role_once() -> None:
    from yusuan.web.models import User
    from yusuan.web.routes.auth import who

    assert who(User(display_name="编制人（某单位）", role="preparer")) == "编制人（某单位）"
    assert who(User(display_name="张三", role="reviewer")) == "张三（审核人）"
