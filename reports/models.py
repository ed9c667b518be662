"""Session feedback surveys (seed 001 §四.3): questions are data, edited in admin."""

from django.db import models
from django.db.models import Q

from enrollment.models import Enrolment


class FeedbackSurvey(models.Model):
    """A short post-session questionnaire; attendees see the single active one."""

    title = models.CharField("名称", max_length=100, unique=True)
    intro = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "-created_at"]
        verbose_name = "培训反馈问卷"
        verbose_name_plural = "培训反馈问卷"
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="one_active_feedback_survey",
            )
        ]

    def __str__(self):
        return self.title


class FeedbackQuestion(models.Model):
    """One question: a 1–5 rating, a single choice among options, or free text."""

    class Kind(models.TextChoices):
        RATING = "rating", "评分（1–5）"
        CHOICE = "choice", "单选"
        TEXT = "text", "文字意见"

    survey = models.ForeignKey(
        FeedbackSurvey,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name="问卷",
    )
    position = models.PositiveSmallIntegerField("序号", default=1)
    text = models.CharField("题目", max_length=200)
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    options = models.JSONField(
        "选项",
        default=list,
        blank=True,
        help_text='单选题的选项列表，如 ["是", "否"]。',
    )
    required = models.BooleanField("必答", default=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = "反馈题目"
        verbose_name_plural = "反馈题目"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="unique_feedback_question_position"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class FeedbackResponse(models.Model):
    """One attendee's answers for one enrolment; submitted once."""

    survey = models.ForeignKey(
        FeedbackSurvey,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name="问卷",
    )
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name="报名",
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "培训反馈"
        verbose_name_plural = "培训反馈"

    def __str__(self):
        return f"{self.enrolment} · 反馈"


class FeedbackAnswer(models.Model):
    """The answer to one question: a rating, a chosen option, or text."""

    response = models.ForeignKey(
        FeedbackResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name="反馈",
    )
    question = models.ForeignKey(
        FeedbackQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name="题目",
    )
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    choice = models.CharField("选项", max_length=100, blank=True)
    text = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "反馈答案"
        verbose_name_plural = "反馈答案"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question} · {self.rating or self.choice or self.text[:20]}"
