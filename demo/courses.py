"""Demo course trees and the six courses of seed 001; safe to run again and again."""

from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image

from accounts.models import Agency, User
from courses.media import pdf_file, png_file, tiny_video_file
from courses.models import CoursePage, LecturePage
from courses.services import (
    agency_course_tree_ensure,
    city_course_tree_ensure,
    trainer_groups_sync,
)
from enrollment.models import TrainingSession

from .course_content import COURSES

LETTER_LINES = [
    "“信用中国”网站：",
    "我单位郑重承诺如下：",
    "一、已按照行政处罚决定机关规定和行政处罚决定书要求，及时修正违法行为、"
    "履行处罚决定书项下相关义务；",
    "二、所提供资料均合法、真实、准确和有效；",
    "三、在信用修复完成后，继续严格遵守国家法律、法规、规章和政策规定，依法守信"
    "从事生产经营活动；自觉接受政府、行业组织、社会公众、新闻舆论的监督，积极履行"
    "社会责任；",
    "四、若违背上述承诺内容，自愿接受相关行政处罚信息按最长公示期向社会公示，自愿"
    "接受有关违背承诺情况通报和公示，并承担相应的法律责任。",
    "五、同意将承诺和践诺信息作为我单位信用记录由“信用中国”网站归集并合规应用。",
]
FORM_LINES = [
    "申请单位名称 / 统一社会信用代码",
    "经办人姓名 / 经办人联系方式（需与在线申请经办人一致）",
    "申请修复的行政处罚决定书文号",
    "申请单位对履行处罚内容规定的义务及纠正失信行为、消除不良影响进行说明",
    "行政处罚机关名称 / 行政处罚机关经办人 / 联系电话",
    "行政处罚机关修复决定",
]


_MEDIA_BLOCKS = {"image_block", "document_block", "video_block"}


def _pdf_text(lines: list[str]) -> list[str]:
    # The shipped CJK font has no curly quotes or slash glyphs.
    return [
        line.replace("“", "").replace("”", "").replace(" / ", "，") for line in lines
    ]


def _image(title: str) -> Image:
    image = Image.objects.filter(title=title).first()
    return image or Image.objects.create(title=title, file=png_file())


def _document(title: str, file) -> Document:
    document = Document.objects.filter(title=title).first()
    return document or Document.objects.create(title=title, file=file)


def _media() -> dict:
    return {
        "flow-diagram": (
            "image_block",
            {
                "image": _image("信用修复流程示意图（演示）"),
                "caption": "示意：承诺—培训—考试—申请修复",
                "alt_text": "信用修复步骤示意图",
            },
        ),
        "letter-template": (
            "document_block",
            {
                "document": _document(
                    "信用修复承诺书（模板）",
                    pdf_file(
                        "信用修复承诺书", _pdf_text(LETTER_LINES), "letter-template.pdf"
                    ),
                ),
                "title": "信用修复承诺书（模板，摘自通知附件2）",
                "note": "PDF",
            },
        ),
        "general-form": (
            "document_block",
            {
                "document": _document(
                    "涉及一般失信行为行政处罚信息信用修复表（栏目）",
                    pdf_file(
                        "涉及一般失信行为行政处罚信息信用修复表",
                        _pdf_text(FORM_LINES),
                        "general-form.pdf",
                    ),
                ),
                "title": "一般失信行为信用修复表栏目（摘自通知附件3）",
                "note": "PDF",
            },
        ),
        "demo-video": (
            "video_block",
            {
                "title": "培训方式介绍（演示视频占位）",
                "file": _document("演示视频占位", tiny_video_file()),
                "embed": None,
                "caption": "演示用占位文件，讲师可在后台替换为实际视频。",
            },
        ),
    }


def _body(blocks: list, media: dict) -> list:
    return [media[v] if n in _MEDIA_BLOCKS else (n, v) for n, v in blocks]


def _course(tree, spec: dict, trainers: list[User], media: dict) -> CoursePage:
    course = CoursePage.objects.child_of(tree).filter(slug=spec["slug"]).first()
    if course is None:
        course = CoursePage(
            slug=spec["slug"],
            title=spec["title"],
            topic=spec["topic"],
            class_hours=3 if spec["topic"] != "completion_exam" else 1,
            audience=spec["audience"],
            learning_objectives=spec["objectives"],
            visibility=spec["visibility"],
        )
        tree.add_child(instance=course)
        course.trainers.set(trainers)
        course.save_revision().publish()
    for lecture_spec in spec["lectures"]:
        if (
            LecturePage.objects.child_of(course)
            .filter(slug=lecture_spec["slug"])
            .exists()
        ):
            continue
        lecture = LecturePage(
            slug=lecture_spec["slug"],
            title=lecture_spec["title"],
            summary=lecture_spec["summary"],
            body=_body(lecture_spec["body"], media),
        )
        course.add_child(instance=lecture)
        lecture.save_revision().publish()
    return course


@transaction.atomic
def seed(*, stdout=None) -> None:
    """Course trees per agency, the city tree, and the six demo courses."""
    city_tree = city_course_tree_ensure()
    agencies = list(Agency.objects.order_by("pk"))
    for agency in agencies:
        agency_course_tree_ensure(agency=agency)
    for user in User.objects.filter(
        role__in=[User.Role.TRAINER, User.Role.CITY_OFFICE]
    ):
        trainer_groups_sync(user=user)
    if not agencies:
        return
    agency_tree = agency_course_tree_ensure(agency=agencies[0])
    trainers = list(User.objects.filter(role=User.Role.TRAINER, agency=agencies[0]))
    media = _media()
    courses = [
        _course(
            city_tree if spec["tree"] == "city" else agency_tree, spec, trainers, media
        )
        for spec in COURSES
    ]
    # Sessions that teach nothing yet get the six courses, so the demo
    # representatives have something to study.
    for session in TrainingSession.objects.filter(courses__isnull=True):
        session.courses.add(*courses)
    if stdout:
        stdout.write(f"课程 {len(courses)} 门、课程目录 {len(agencies) + 1} 个已就绪。")
