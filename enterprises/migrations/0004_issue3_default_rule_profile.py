"""Create the default repair-rule profile following the 2022 Jiangsu documents."""

from django.db import migrations

NAME = "江苏省2022年信用修复规则（默认）"
BASIS = (
    "依据南通市通信用函〔2022〕15号及附件3：每场培训不少于半天（3学时以上），"
    "按每学时60分钟计；一般失信行为可修复、须参加培训、无需信用报告，"
    "最短公示3个月、最长12个月；严重失信行为可修复、须参加信用修复专题培训并提交"
    "信用报告（附件3备注1），最短公示6个月、最长36个月；特定严重失信行为不可修复"
    "（附件3备注2），公示36个月。以上数值为初始设定，请市信用办核实，"
    "并可在管理后台“信用修复规则”中修改。"
)
RULES = [
    # severity, repairable, training, credit report, min months, max months, note
    ("general", True, True, False, 3, 12, ""),
    ("serious", True, True, True, 6, 36, ""),
    (
        "specially_serious",
        False,
        False,
        False,
        36,
        36,
        "涉及特定严重失信行为的行政处罚信息不可修复"
        "（通信用函〔2022〕15号附件3备注2）。",
    ),
]


def create_default(apps, schema_editor):
    RuleProfile = apps.get_model("enterprises", "RuleProfile")
    SeverityRule = apps.get_model("enterprises", "SeverityRule")
    has_default = RuleProfile.objects.filter(is_default=True).exists()
    profile, created = RuleProfile.objects.get_or_create(
        name=NAME,
        defaults={
            "basis": BASIS,
            "is_default": not has_default,
            "min_class_hours": 3,
            "class_hour_minutes": 60,
        },
    )
    if not created:
        return
    for severity, repairable, training, report, low, high, note in RULES:
        SeverityRule.objects.create(
            profile=profile,
            severity=severity,
            repairable=repairable,
            training_required=training,
            credit_report_required=report,
            min_publicity_months=low,
            max_publicity_months=high,
            note=note,
        )


def remove_default(apps, schema_editor):
    apps.get_model("enterprises", "RuleProfile").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_issue3_archive_fields")]

    operations = [migrations.RunPython(create_default, remove_default)]
