"""Lists, clauses and notes are punctuated in the language of the text around them."""

from __future__ import annotations

from app import i18n


def test_chinese_text_uses_full_width_marks() -> None:
    i18n.set_language("zh_CN")
    assert i18n.join_list(["高血压", "糖尿病"]) == "高血压、糖尿病"
    assert i18n.join_clauses(["缺照片", "缺病历"]) == "缺照片；缺病历"
    assert i18n.bracketed("张三", "儿子") == "张三（儿子）"
    assert i18n.labelled("申请人", "张三") == "申请人：张三"


def test_english_text_uses_ascii_marks() -> None:
    i18n.set_language("en")
    assert i18n.join_list(["hypertension", "diabetes"]) == "hypertension, diabetes"
    assert i18n.join_clauses(["no photo", "no record"]) == "no photo; no record"
    assert i18n.bracketed("Zhang San", "son") == "Zhang San (son)"
    assert i18n.labelled("Applicant", "Zhang San") == "Applicant: Zhang San"
