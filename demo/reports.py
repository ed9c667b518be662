"""The demo feedback survey: a few short questions after each session (fictional)."""

from reports.models import FeedbackQuestion, FeedbackSurvey

SURVEY_TITLE = "信用修复培训课后反馈"
QUESTIONS = [
    (1, "您对本次培训的总体满意度", FeedbackQuestion.Kind.RATING, [], True),
    (2, "讲师讲解是否清楚易懂", FeedbackQuestion.Kind.RATING, [], True),
    (
        3,
        "培训后您是否清楚如何在“信用中国”网站提交信用修复申请",
        FeedbackQuestion.Kind.CHOICE,
        ["清楚", "基本清楚", "不清楚"],
        True,
    ),
    (4, "您对培训工作的意见和建议", FeedbackQuestion.Kind.TEXT, [], False),
]


def seed(*, stdout=None) -> None:
    """Create (or update) the active post-session survey."""
    survey, _ = FeedbackSurvey.objects.get_or_create(
        title=SURVEY_TITLE,
        defaults={
            "intro": "感谢参加培训。您的意见将用于改进后续培训工作，约需一分钟。",
        },
    )
    if not FeedbackSurvey.objects.filter(is_active=True).exclude(pk=survey.pk).exists():
        if not survey.is_active:
            survey.is_active = True
            survey.save(update_fields=["is_active"])
    for position, text, kind, options, required in QUESTIONS:
        FeedbackQuestion.objects.update_or_create(
            survey=survey,
            position=position,
            defaults={
                "text": text,
                "kind": kind,
                "options": options,
                "required": required,
            },
        )
    if stdout:
        stdout.write(f"培训反馈问卷：{survey.title}（{len(QUESTIONS)} 题）。")
