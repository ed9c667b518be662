"""Factories for course pages; pages are added under a `parent` page."""

import factory

from courses.media import pdf_file, png_file
from courses.models import CoursePage, LecturePage, Topic


class _PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, **kwargs):
        page = model_class(*args, live=live, **kwargs)
        parent.add_child(instance=page)
        if live:
            page.save_revision().publish()
        return page


class CoursePageFactory(_PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"测试课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    topic = Topic.REPAIR_PROCEDURE
    class_hours = 3
    audience = "失信企业法定代表人或主要负责人"
    learning_objectives = "<p>了解信用修复流程。</p>"
    visibility = CoursePage.Visibility.ENROLLED


class LecturePageFactory(_PageFactory):
    class Meta:
        model = LecturePage

    title = factory.Sequence(lambda n: f"测试讲义{n}")
    slug = factory.Sequence(lambda n: f"lecture-{n}")
    summary = "测试讲义摘要"
    body = factory.LazyFunction(
        lambda: [("paragraph_block", "<p>涉及严重失信行为的行政处罚信息。</p>")]
    )
    done_after_seconds = 60


def image_create(title: str = "测试图片"):
    """A small image in the Wagtail image library."""
    from wagtail.images.models import Image

    return Image.objects.create(title=title, file=png_file())


def document_create(title: str = "测试文件"):
    """A small PDF in the Wagtail document library."""
    from wagtail.documents.models import Document

    return Document.objects.create(title=title, file=pdf_file(title, ["测试"]))
