"""The forms about one application: the approval form (认定审批表), the receipt
(受理回执), the one-time missing-materials notice (一次性告知书) and the rejection
notice (不予认定通知书). Chinese, as the offices hand them over."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.domain.print_labels import disease_label, diseases_label
from app.domain.vocabulary import Outcome
from app.printing.pdf_base import A4_PAGE, A5_PAGE, Document, Page, chinese_date, grid, para
from app.printing.printouts import ApplicationSheet

BLANK = "　"


def _diseases(sheet: ApplicationSheet) -> str:
    return diseases_label((d.name, d.category) for d in sheet.diseases)


def _agent(sheet: ApplicationSheet) -> str:
    if not sheet.agent_name:
        return "本人申请"
    parts = [sheet.agent_name, sheet.agent_relation, sheet.agent_id_number, sheet.agent_phone]
    return "　".join(p for p in parts if p)


def approval_form(
    sheet: ApplicationSheet, out: Path, copies: int = 1, page: Page = A4_PAGE
) -> None:
    """Applicant, agent, diseases, hospital and doctor, materials, and blank boxes for
    the station's and county's opinions and the experts' signatures; `copies` times
    (some places file three), each copy starting on a new page."""
    doc = Document(out, "慢性病认定审批表", sheet.office.name, page)
    story: list[Flowable] = []
    for copy in range(copies):
        if copy:
            story.append(PageBreak())
        story += _approval_copy(sheet, doc.width, copy + 1, copies)
    doc.build(story)


def _approval_copy(sheet: ApplicationSheet, width: float, copy: int, copies: int) -> list[Flowable]:
    w = width
    label, value = 0.16 * w, 0.34 * w
    cols = [label, value, label, value]
    rows = [
        ["姓名", sheet.name, "性别", sheet.gender],
        ["身份证号", sheet.id_number, "年龄", f"{sheet.age} 岁"],
        ["民族", sheet.ethnicity or BLANK, "联系电话", sheet.phone or BLANK],
        ["村组", sheet.village or BLANK, "户号", sheet.household_number or BLANK],
        ["参合证号", sheet.ncms_card_number or BLANK, "申请类型", sheet.kind],
        ["家庭住址", sheet.address or BLANK, "", ""],
        ["代办人", _agent(sheet), "", ""],
        ["申请病种", _diseases(sheet), "", ""],
        [
            "诊断医院",
            f"{sheet.hospital}（{sheet.hospital_level}）",
            "确诊日期",
            chinese_date(sheet.diagnosis_date),
        ],
        ["诊断医生", sheet.doctor or BLANK, "申请编号", sheet.number],
    ]
    spans = [((1, r), (3, r)) for r in (5, 6, 7)]
    labels = [(0, r) for r in range(len(rows))] + [
        (2, r) for r in range(len(rows)) if r not in (5, 6, 7)
    ]
    materials = [["序号", "申请材料", "核查结果", "说明"]] + [
        [str(n), m.name, m.status_zh, m.reason or BLANK] for n, m in enumerate(sheet.materials, 1)
    ]
    opinion = 24 * mm

    def signed(line: str) -> list[Flowable]:
        return [Spacer(1, 11 * mm), para(line, "right"), para("年　　月　　日", "right")]

    opinions = [
        ["乡镇合管站\n初审意见", signed("经办人：　　　　　负责人：　　　　　（盖章）")],
        ["专家评审\n意见", signed("专家签名：　　　　　　　　　　　　")],
        ["县合管中心\n审批意见", signed("负责人：　　　　　　　　（盖章）")],
    ]
    copy_note = f"（第 {copy} 联，共 {copies} 联）" if copies > 1 else ""
    return [
        para("新型农村合作医疗慢性病认定审批表", "title"),
        para(
            f"{sheet.office.name}　受理日期：{chinese_date(sheet.received_on)}　{copy_note}",
            "subtitle",
        ),
        grid(rows, cols, label_cells=labels, spans=spans),
        Spacer(1, 4 * mm),
        para("申请材料核查", "heading"),
        grid(materials, [0.08 * w, 0.42 * w, 0.16 * w, 0.34 * w], header=True),
        Spacer(1, 4 * mm),
        CondPageBreak(3 * opinion + 10 * mm),
        grid(
            opinions,
            [label, w - label],
            label_cells=[(0, r) for r in range(3)],
            heights=[opinion] * 3,
        ),
        Spacer(1, 3 * mm),
        para("申请人（代办人）签名：　　　　　　　　　　　　　　年　　月　　日", "body"),
    ]


def receipt(sheet: ApplicationSheet, out: Path, page: Page = A5_PAGE) -> None:
    """What the applicant takes home: the application number and what was received."""
    doc = Document(out, "受理回执", sheet.office.name, page)
    w = doc.width
    received = [m for m in sheet.materials if m.provided]
    rows = [["序号", "已收材料"]] + [[str(n), m.name] for n, m in enumerate(received, 1)]
    if not received:
        rows.append(["", "（未收到材料）"])
    doc.build(
        [
            para("慢性病认定申请受理回执", "title"),
            grid(
                [
                    ["申请编号", sheet.number],
                    ["申请人", f"{sheet.name}　{sheet.gender}　{sheet.id_number}"],
                    ["申请病种", _diseases(sheet)],
                    ["受理日期", chinese_date(sheet.received_on)],
                    ["评审季度", sheet.review_quarter or BLANK],
                ],
                [0.22 * w, 0.78 * w],
                label_cells=[(0, r) for r in range(5)],
            ),
            Spacer(1, 3 * mm),
            grid(rows, [0.14 * w, 0.86 * w], header=True),
            Spacer(1, 3 * mm),
            # No phone set in Settings: the line is left out, never printed empty.
            para(
                "请妥善保管本回执，凭申请编号查询办理进度、领取慢性病证。"
                + (f"咨询电话：{sheet.office.phone}" if sheet.office.phone else ""),
                "small",
            ),
            Spacer(1, 4 * mm),
            para(f"经办人：{sheet.received_by or BLANK * 6}　{sheet.office.name}（盖章）", "right"),
            para(chinese_date(sheet.received_on), "right"),
        ]
    )


def missing_notice(sheet: ApplicationSheet, out: Path, page: Page = A4_PAGE) -> None:
    """Everything missing or insufficient, at once, with the deadline and contact."""
    doc = Document(out, "一次性告知书", sheet.office.name, page)
    w = doc.width
    rows = [["序号", "材料", "情况", "原因及要求"]] + [
        [str(n), m.name, m.status_zh, m.reason or "请补齐"] for n, m in enumerate(sheet.missing, 1)
    ]
    contact = "；".join(
        p for p in (sheet.office.phone and f"电话 {sheet.office.phone}", sheet.office.address) if p
    )
    story: list[Flowable] = [
        para("慢性病认定申请材料一次性告知书", "title"),
        para(f"编号：{sheet.number}", "subtitle"),
        para(f"{sheet.name}（身份证号 {sheet.id_number}）：", "body"),
    ]
    diseases = _diseases(sheet)
    if sheet.station_reasons:
        # A return: its reasons first, then whatever is missing, all at once.
        reasons = "；".join(sheet.station_reasons)
        story.append(
            para(f"　　您申请的{diseases}慢性病认定，经初审予以退回，原因：{reasons}。", "body")
        )
        opening = "　　另需补正的全部材料一次性告知如下："
    else:
        opening = (
            f"　　您申请的{diseases}慢性病认定，经审核，申请材料尚不齐全。"
            "现将需补正的全部材料一次性告知如下："
        )
    if sheet.missing or not sheet.station_reasons:
        story += [
            para(opening, "body"),
            Spacer(1, 2 * mm),
            grid(rows, [0.09 * w, 0.33 * w, 0.16 * w, 0.42 * w], header=True),
            Spacer(1, 3 * mm),
            para(
                f"　　请于 {chinese_date(sheet.supplement_by)} 前将上述材料一次补齐，"
                "逾期未补齐的，转入下一季度评审。",
                "body",
            ),
        ]
    else:
        story.append(para("　　请按上述原因补正后重新提出申请。", "body"))
    doc.build(
        [
            *story,
            para(f"　　联系方式：{sheet.office.name}　{contact or '　　　　　　'}", "body"),
            Spacer(1, 10 * mm),
            para(f"{sheet.office.name}（盖章）", "right"),
            para(chinese_date(sheet.notice_date), "right"),
            Spacer(1, 8 * mm),
            para("申请人（代办人）签收：　　　　　　　　　　年　　月　　日", "body"),
        ]
    )


def rejection_notice(sheet: ApplicationSheet, out: Path, page: Page = A4_PAGE) -> None:
    """The county's reasons for each disease not approved, and the appeal deadline."""
    rejected = [d for d in sheet.diseases if d.outcome == Outcome.REJECTED]
    if not rejected:
        raise ValueError("no disease of this application was rejected")
    doc = Document(out, "不予认定通知书", sheet.office.name, page)
    w = doc.width
    rows = [["病种", "不予认定理由"]] + [
        [disease_label(d.name, d.category), "\n".join(d.reasons) or BLANK] for d in rejected
    ]
    approved = [d for d in sheet.diseases if d.outcome == Outcome.APPROVED]
    story: list[Flowable] = [
        para("慢性病认定不予认定通知书", "title"),
        para(f"编号：{sheet.number}", "subtitle"),
        para(f"{sheet.name}（身份证号 {sheet.id_number}）：", "body"),
        para(
            f"　　您于 {chinese_date(sheet.received_on)} 提出的慢性病认定申请，"
            f"经县合管中心组织专家于 {chinese_date(sheet.decided_on)} 评审，"
            "下列病种不予认定：",
            "body",
        ),
        Spacer(1, 2 * mm),
        grid(rows, [0.3 * w, 0.7 * w], header=True),
        Spacer(1, 3 * mm),
    ]
    if approved:
        story.append(
            para(
                "　　以下病种已予认定："
                + diseases_label((d.name, d.category) for d in approved)
                + "，慢性病证另行发放。",
                "body",
            )
        )
    appeal = (
        f"如对评审结论有异议，可于 {chinese_date(sheet.appeal_by)} 前向县合管中心申请复核，"
        "或依法申请行政复议。"
        if sheet.appeal_by
        else "本结论为复核结论；如有异议，可依法申请行政复议。"
    )
    story += [
        para("　　申请材料已退还。" + appeal, "body"),
        Spacer(1, 10 * mm),
        para(f"{sheet.office.name}（盖章）", "right"),
        para(chinese_date(sheet.decided_on), "right"),
        Spacer(1, 8 * mm),
        para("申请人（代办人）签收：　　　　　　　　　　年　　月　　日", "body"),
    ]
    doc.build(story)


APPLICATION_FORMS = ("form", "receipt", "notice", "rejection")


def write_form(
    kind: str, sheet: ApplicationSheet, out: Path, page: Page | None = None, copies: int = 3
) -> None:
    """One of APPLICATION_FORMS of this application, as the window prints it, on
    `page` or else the form's own paper (the receipt's is A5)."""
    paper = {"page": page} if page is not None else {}
    if kind == "form":
        approval_form(sheet, out, copies=copies, **paper)
    elif kind == "receipt":
        receipt(sheet, out, **paper)
    elif kind == "notice":
        missing_notice(sheet, out, **paper)
    elif kind == "rejection":
        rejection_notice(sheet, out, **paper)
    else:
        raise ValueError(f"unknown form {kind!r}")
