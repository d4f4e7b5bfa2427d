"""A refusal says in words what the person may not do, in both languages, for every
action the services guard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import i18n
from app.domain.workflow import Role
from app.errors import PermissionDenied
from app.security.actor import Actor, require_role

ROOT = Path(__file__).resolve().parents[3]


def test_a_refusal_names_the_action_in_words() -> None:
    clerk = Actor("li", Role.CLERK, display_name="李")
    with pytest.raises(PermissionDenied) as refused:
        require_role(clerk, {Role.COUNTY_REVIEWER}, "notice.close")
    assert str(refused.value).endswith("may not do this: close a public notice")
    i18n.set_language("zh_CN")
    try:
        assert str(refused.value).endswith("无权执行此操作：结束公示")
    finally:
        i18n.set_language("en")


def test_every_guarded_action_has_its_words() -> None:
    codes = set()
    for path in (ROOT / "app").rglob("*.py"):
        codes |= set(re.findall(r'require_role\([^)]*?"([a-z_.]+)"\)', path.read_text("utf-8")))
    assert len(codes) > 20
    for language in ("en", "zh_CN"):
        missing = sorted(c for c in codes if f"action.{c}" not in i18n.catalogue(language))
        assert missing == [], language
