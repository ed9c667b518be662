"""Question bank, papers, attempts and their answers (结业考试)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Agency
from enrollment.models import Enrolment, TrainingSession


class Topic(models.TextChoices):
    """The six training topics of notice No. 15 (seed 001, section 三)."""

    REGULATIONS = "regulations", "《江苏省社会信用条例》"
    MECHANISM = "mechanism", "失信联合奖惩机制与名单管理"
    IMPACT = "impact", "联合奖惩措施的影响与典型案例"
    REPAIR = "repair", "纠正失信行为与信用修复流程"
    COMMITMENT = "commitment", "信用修复承诺书"
    SERVICE = "service", "培训组织、一企一档与跟踪服务"


class Question(models.Model):
    """A bank question owned by an agency, or shared city-wide by the city office."""

    class Kind(models.TextChoices):
        SINGLE = "single", "单选题"
        MULTIPLE = "multiple", "多选题"
        TRUE_FALSE = "true_false", "判断题"

    class Difficulty(models.IntegerChoices):
        EASY = 1, "容易"
        MEDIUM = 2, "中等"
        HARD = 3, "较难"

    kind = models.CharField("题型", max_length=12, choices=Kind.choices)
    topic = models.CharField("主题", max_length=20, choices=Topic.choices)
    difficulty = models.PositiveSmallIntegerField(
        "难度", choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    stem = models.TextField("题干")
    explanation = models.TextField("解析")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name="所属机构",
        help_text="市级共享题库的题目不属于任何机构。",
    )
    is_shared = models.BooleanField("市级共享", default=False)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = "试题"
        verbose_name_plural = "试题"
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(is_shared=True),
                name="question_owned_or_shared",
            ),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=3),
                name="question_difficulty_range",
            ),
        ]
        indexes = [models.Index(fields=["topic", "is_active"])]

    def __str__(self):
        return self.stem[:40]


class Option(models.Model):
    """One option of a question; `is_correct` never leaves the server early."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField("序号")
    text = models.CharField("选项内容", max_length=500)
    is_correct = models.BooleanField("正确", default=False)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = "选项"
        verbose_name_plural = "选项"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="unique_option_position"
            )
        ]

    def __str__(self):
        return self.text


class Paper(models.Model):
    """An exam paper: fixed questions or a random draw per topic, and its rules."""

    class Mode(models.TextChoices):
        FIXED = "fixed", "固定试题"
        RANDOM = "random", "按主题随机抽题"

    class ReviewPolicy(models.TextChoices):
        SCORE_ONLY = "score_only", "仅显示成绩"
        AFTER_CLOSE = "after_close", "考试窗口关闭后显示答案"
        FULL = "full", "交卷后完整回顾"

    title = models.CharField("试卷名称", max_length=200)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name="所属机构",
    )
    mode = models.CharField("组卷方式", max_length=10, choices=Mode.choices)
    pass_mark = models.DecimalField("及格分", max_digits=6, decimal_places=1)
    time_limit_minutes = models.PositiveSmallIntegerField("答题时长（分钟）")
    opens_at = models.DateTimeField("开放时间")
    closes_at = models.DateTimeField("关闭时间")
    attempts_allowed = models.PositiveSmallIntegerField("允许考试次数", default=2)
    review_policy = models.CharField(
        "答案回顾", max_length=12, choices=ReviewPolicy.choices
    )
    partial_credit = models.BooleanField(
        "多选题部分得分",
        default=False,
        help_text="勾选后，多选题少选且未错选按比例得分；否则须完全正确才得分。",
    )
    sessions = models.ManyToManyField(
        TrainingSession,
        through="PaperSession",
        blank=True,
        related_name="papers",
        verbose_name="培训场次",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "id"]
        verbose_name = "试卷"
        verbose_name_plural = "试卷"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="paper_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gt=0, attempts_allowed__gt=0),
                name="paper_positive_limits",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0), name="paper_pass_mark_nonnegative"
            ),
        ]

    def __str__(self):
        return self.title


class PaperSession(models.Model):
    """Links a training session to its one exam paper."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="links")
    session = models.OneToOneField(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="exam_link",
        verbose_name="培训场次",
    )

    class Meta:
        verbose_name = "场次试卷"
        verbose_name_plural = "场次试卷"

    def __str__(self):
        return f"{self.session} → {self.paper}"


class PaperQuestion(models.Model):
    """A fixed question of a paper with its points."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["paper", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "question"], name="unique_paper_question"
            ),
            models.CheckConstraint(
                condition=Q(points__gt=0), name="paper_question_positive_points"
            ),
        ]

    def __str__(self):
        return f"{self.question} ({self.points} 分)"


class DrawRule(models.Model):
    """Draw `count` questions on `topic`, each worth `points`."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="rules")
    topic = models.CharField("主题", max_length=20, choices=Topic.choices)
    count = models.PositiveSmallIntegerField("题数")
    points = models.DecimalField("每题分值", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["paper", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "topic"], name="one_rule_per_topic"
            ),
            models.CheckConstraint(
                condition=Q(count__gt=0, points__gt=0), name="draw_rule_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} × {self.count}"


class Attempt(models.Model):
    """One sitting of a paper by a candidate; its questions and order are stored."""

    class Status(models.TextChoices):
        OPEN = "open", "答题中"
        SUBMITTED = "submitted", "已交卷"

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="attempts")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="exam_attempts"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exam_attempts",
        verbose_name="考生",
    )
    number = models.PositiveSmallIntegerField("第几次")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_at = models.DateTimeField("开始时间")
    deadline = models.DateTimeField("截止时间")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    auto_submitted = models.BooleanField("到时自动交卷", default=False)
    score = models.DecimalField(
        "得分", max_digits=6, decimal_places=1, null=True, blank=True
    )
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=1)
    passed = models.BooleanField("通过", default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "考试记录"
        verbose_name_plural = "考试记录"
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "paper"],
                condition=Q(status="open"),
                name="one_open_attempt_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "paper", "number"], name="unique_attempt_number"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("started_at")),
                name="attempt_deadline_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.candidate} · {self.paper} · 第{self.number}次"


class AttemptItem(models.Model):
    """A question as drawn for one attempt: its place, option order and answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)
    points = models.DecimalField(max_digits=5, decimal_places=1)
    answer = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True)
    awarded = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="unique_attempt_question"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="unique_attempt_position"
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · 第{self.position}题"
