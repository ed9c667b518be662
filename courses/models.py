"""Wagtail pages of the course tree and the readers' lecture progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import BaseStreamBlock
from .text import cjk_terms


class Topic(models.TextChoices):
    """The six training topics of seed 001, "三、培训内容"."""

    REGULATIONS = "regulations", "宣贯《江苏省社会信用条例》"
    JOINT_MECHANISM = "joint_mechanism", "失信联合奖惩机制与名单管理"
    IMPACT_CASES = "impact_cases", "联合奖惩措施的影响与典型案例"
    REPAIR_PROCEDURE = "repair_procedure", "纠正失信行为、信用修复流程与易错案例"
    COMMITMENT_LETTER = "commitment_letter", "信用修复承诺书"
    COMPLETION_EXAM = "completion_exam", "信用修复培训结业考试"


class CourseIndexPage(Page):
    """A tree of courses: the courses root, an agency's tree or the city's tree."""

    intro = RichTextField("简介", blank=True)
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_trees",
        verbose_name="所属机构",
        help_text="留空表示市信用办共享课程或课程中心。",
    )
    review_group = models.ForeignKey(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="课程内容审核组",
        help_text="讲师不能直接发布，修改须经「课程内容审核」。在课程中心设置即全市适用，"
        "在机构目录设置只对该机构生效；都不设置时由市信用办审核。",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("owner_agency"), FieldPanel("review_group")],
            heading="目录管理",
            permission="wagtailcore.add_page",
        ),
    ]
    parent_page_types = ["wagtailcore.Page", "courses.CourseIndexPage"]
    subpage_types = ["courses.CourseIndexPage", "courses.CoursePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "课程目录"
        verbose_name_plural = "课程目录"

    def route(self, request, path_components):
        # Course URLs are deep (site root / 课程中心 / tree / course / lecture) and the
        # default routing costs two queries a level; look the page up by its URL path
        # instead, trying the most-read type first. Like the default, only the page
        # found must be live.
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        for model in (LecturePage, CoursePage, CourseIndexPage):
            page = model.objects.filter(
                path__startswith=self.path, url_path=url_path
            ).first()
            if page is not None:
                if not page.live:
                    raise Http404
                return RouteResult(page)
        raise Http404

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_list_visible

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_list_visible(user=request.user, under=self)
        context["subtrees"] = self.get_children().live().type(CourseIndexPage)
        return context


class CoursePage(Page):
    """A course on one of the six topics; its lectures are its children."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "公开"
        ENROLLED = "enrolled", "仅限报名企业"

    topic = models.CharField("培训主题", max_length=30, choices=Topic.choices)
    class_hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    audience = models.CharField("培训对象", max_length=300)
    learning_objectives = RichTextField("学习目标", features=["bold", "ol", "ul"])
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_taught",
        verbose_name="讲师",
        limit_choices_to={"role": "trainer"},
    )
    visibility = models.CharField(
        "可见范围",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.ENROLLED,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("class_hours"),
        FieldPanel("audience"),
        FieldPanel("learning_objectives"),
        FieldPanel("trainers"),
        FieldPanel("visibility"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LecturePage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("audience"),
        index.SearchField("learning_objectives"),
        index.SearchField("search_cjk"),
        index.FilterField("visibility"),
    ]

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        constraints = [
            models.CheckConstraint(
                condition=Q(class_hours__gt=0), name="course_positive_class_hours"
            )
        ]

    def search_cjk(self) -> str:
        return cjk_terms(
            " ".join([self.title, self.audience, self.learning_objectives])
        )

    def serve(self, request, *args, **kwargs):
        from .selectors import course_viewable

        if not course_viewable(user=request.user, course=self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_progress

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = course_progress(user=request.user, course=self)
        return context


class LecturePage(Page):
    """A lecture; readable by whoever may read its course."""

    summary = models.CharField("摘要", max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)
    done_after_seconds = models.PositiveIntegerField(
        "阅读计时（秒）",
        default=180,
        help_text="打开后停留满该时长，或读到页面末尾，即记为学完。",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("done_after_seconds"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_cjk"),
    ]

    class Meta:
        verbose_name = "讲义"
        verbose_name_plural = "讲义"

    def search_cjk(self) -> str:
        return cjk_terms(" ".join([self.title, self.summary, self.body_text()]))

    def body_text(self) -> str:
        return " ".join(self.body.stream_block.get_searchable_content(self.body))

    def serve(self, request, *args, **kwargs):
        from .selectors import lecture_course, lecture_viewable

        course = lecture_course(lecture=self)
        if course is None or not lecture_viewable(user=request.user, course=course):
            raise Http404
        request.lecture_course = course
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import lecture_done

        context = super().get_context(request, *args, **kwargs)
        context["course"] = getattr(request, "lecture_course", None)
        context["done"] = lecture_done(user=request.user, lecture=self)
        return context


class LectureProgress(models.Model):
    """One reader's progress on one lecture: opened, then done."""

    class Method(models.TextChoices):
        END_REACHED = "end", "读到末尾"
        TIME_ELAPSED = "time", "阅读计时已满"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lecture_progress",
        verbose_name="学员",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lecture_progress",
        verbose_name="企业",
    )
    lecture = models.ForeignKey(
        LecturePage,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name="讲义",
    )
    # Denormalised from the page tree so per-course sums are one query.
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="lecture_progress",
        verbose_name="课程",
    )
    opened_at = models.DateTimeField("打开时间")
    completed_at = models.DateTimeField("学完时间", null=True, blank=True)
    completion_method = models.CharField(
        "学完方式", max_length=10, choices=Method.choices, blank=True
    )

    class Meta:
        verbose_name = "学习进度"
        verbose_name_plural = "学习进度"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lecture"], name="one_progress_per_user_lecture"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, completion_method="")
                | Q(completed_at__isnull=False) & ~Q(completion_method=""),
                name="progress_completion_has_method",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "course"])]

    def __str__(self):
        return f"{self.user} · {self.lecture_id}"
