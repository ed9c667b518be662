"""Choices of the archive form (seed 000 attachment, seed 001 attachment 4).

Stored as short codes so lists can be filtered, counted and exported; the labels
are the form's own wording.
"""

from django.db import models

LAND_CHOICES = [
    ("certified", "有证"),
    ("uncertified", "无证"),
    ("partial", "部分有证、部分无证"),
    ("leased", "租赁"),
    ("unknown", "无法掌握"),
]
BUILDINGS_CHOICES = [
    ("certified", "有证"),
    ("uncertified", "无证"),
    ("partial", "部分有证、部分无证"),
    ("none", "无房产"),
    ("no_premises", "无营业场所"),
    ("unknown", "无法掌握"),
]
MACHINERY_CHOICES = [("none", "无"), ("some", "有"), ("unknown", "无法掌握")]
OPERATING_CHOICES = [
    ("normal", "正常营业"),
    ("leased_out", "出租或被他人占用"),
    ("suspended", "停业"),
    ("guarded", "有驻守人员"),
    ("unguarded", "无驻守人员"),
]
REPAIR_INTENTION_CHOICES = [
    ("willing", "有修复意向"),
    ("unwilling", "无修复意向"),
    ("undecided", "尚未明确"),
]


class GovernanceType(models.TextChoices):
    """The three lists of the special campaign (seed 002): exit, help, constrain."""

    EXIT = "exit", "退出"
    HELP = "help", "帮扶"
    CONSTRAIN = "constrain", "约束"


GOVERNANCE_MEASURES = {
    GovernanceType.EXIT: [
        ("urge_deregistration", "督促注销"),
        ("bankruptcy", "启动破产程序"),
    ],
    GovernanceType.HELP: [
        ("warning", "警示"),
        ("interview", "约谈"),
        ("credit_training", "信用培训"),
        ("other_help", "其他帮扶措施"),
    ],
    GovernanceType.CONSTRAIN: [
        ("cancel_subsidy", "取消财政补贴"),
        ("cancel_project_support", "取消项目支持"),
        ("revoke_honours", "撤销荣誉"),
        ("restrict_public_resources", "限制参与公共资源交易"),
        ("restrict_procurement", "限制参与政府采购"),
        ("restrict_bidding", "限制参与招投标"),
        ("other_constraint", "其他约束措施"),
    ],
}
MEASURE_LABELS = {
    code: label for items in GOVERNANCE_MEASURES.values() for code, label in items
}
EXIT_REASON_CHOICES = [
    ("bankrupt", "已破产"),
    ("deregistered", "已注销"),
    ("moved_out", "已迁出"),
    ("repaired", "已修复"),
    ("expired", "已过期"),
    ("obligations_met", "已履行义务"),
]
EXIT_REASON_LABELS = dict(EXIT_REASON_CHOICES)

MEASURES_NEED_TYPE = "请先选择治理类型，再选择治理措施。"
MEASURE_NOT_ALLOWED = "治理措施“{code}”不属于治理类型“{type}”，可选：{allowed}。"
EXIT_REASON_UNKNOWN = "治理退出原因“{code}”无效，可选：{allowed}。"
EXIT_REASONS_NEED_EXIT = "只有“退出”类治理对象才能填写治理退出原因。"
NOT_A_LIST = "应为代码列表。"


def governance_errors(
    governance_type: str, measures, exit_reasons
) -> dict[str, list[str]]:
    """Field errors of a governance type, its measures and exit reasons (by code)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(measures, list):
        errors["governance_measures"] = [NOT_A_LIST]
    elif measures and not governance_type:
        errors["governance_measures"] = [MEASURES_NEED_TYPE]
    elif measures:
        allowed = dict(GOVERNANCE_MEASURES[GovernanceType(governance_type)])
        bad = [m for m in measures if m not in allowed]
        if bad:
            errors["governance_measures"] = [
                MEASURE_NOT_ALLOWED.format(
                    code=bad[0],
                    type=GovernanceType(governance_type).label,
                    allowed="、".join(allowed.values()),
                )
            ]
    if not isinstance(exit_reasons, list):
        errors["exit_reasons"] = [NOT_A_LIST]
    elif exit_reasons:
        bad = [r for r in exit_reasons if r not in EXIT_REASON_LABELS]
        if bad:
            errors["exit_reasons"] = [
                EXIT_REASON_UNKNOWN.format(
                    code=bad[0], allowed="、".join(EXIT_REASON_LABELS.values())
                )
            ]
        elif governance_type != GovernanceType.EXIT:
            errors["exit_reasons"] = [EXIT_REASONS_NEED_EXIT]
    return errors
