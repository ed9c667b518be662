from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import cache_clear_own_keys
from courses.blocks import (
    VIDEO_SOURCE_BOTH,
    VIDEO_SOURCE_REQUIRED,
    BaseStreamBlock,
    VideoBlock,
)
from courses.models import CoursePage

from .factories import (
    CoursePageFactory,
    LecturePageFactory,
    document_create,
    image_create,
)


def _body(image, document, video):
    return [
        ("heading_block", {"heading_text": "一、培训要求", "size": "h2"}),
        ("paragraph_block", "<p>每场次培训班安排不少于半天时间。</p>"),
        (
            "regulation_quote_block",
            {"text": "3学时以上", "source": "通信用函﹝2022﹞15号", "article": "二"},
        ),
        (
            "key_point_block",
            {"title": "要点", "body": "<p>承诺书会前签署</p>", "tone": "warning"},
        ),
        (
            "case_study_block",
            {
                "title": "教学案例",
                "facts": "<p>案情文字</p>",
                "outcome": "<p>结果文字</p>",
                "lesson": "<p>启示文字</p>",
            },
        ),
        ("image_block", {"image": image, "caption": "流程示意图", "alt_text": ""}),
        ("document_block", {"document": document, "title": "承诺书模板", "note": ""}),
        (
            "video_block",
            {"title": "申请演示", "file": video, "embed": None, "caption": ""},
        ),
        (
            "self_check_block",
            {"question": "最少几学时？", "answer": "<p>3学时以上</p>"},
        ),
    ]


EXPECTED = [
    "一、培训要求",
    "不少于半天时间",
    "blockquote-footer",
    "承诺书会前签署",
    "启示文字",
    "流程示意图",
    "下载：承诺书模板",
    "<video",
    "查看答案",
]


@pytest.fixture
def media(db):
    return image_create(), document_create(), document_create("视频")


@pytest.mark.smoke
def test_every_block_renders_in_a_public_lecture(client, tree, media):
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(parent=course, body=_body(*media))
    assert {b.block_type for b in lecture.body} == set(
        BaseStreamBlock.base_blocks.keys()
    )
    html = client.get(lecture.url).content.decode()
    for fragment in EXPECTED:
        assert fragment in html


def test_every_block_renders_its_preview_value(db):
    for name, block in BaseStreamBlock.base_blocks.items():
        value = block.get_preview_value()
        html = block.render(block.to_python(block.get_prep_value(value)))
        assert html.strip(), name
        assert block.meta.icon, name
        assert block.meta.template == f"blocks/{name}.html"


def test_video_embed_renders_offline_as_a_link(db):
    block = VideoBlock()
    value = block.to_python(
        {"title": "外部视频", "embed": "https://video.example.org/v/1", "caption": ""}
    )
    html = block.render(value)
    assert "https://video.example.org/v/1" in html
    assert "打开视频链接" in html


def test_video_needs_exactly_one_source(media):
    _, _, video = media
    block = VideoBlock()
    with pytest.raises(ValidationError) as exc:
        block.clean(block.to_python({"title": "视频", "caption": ""}))
    assert VIDEO_SOURCE_REQUIRED in str(exc.value.block_errors)
    # EmbedBlock itself checks the address with the provider; offline, skip that.
    no_lookup = patch("wagtail.embeds.blocks.EmbedBlock.clean", lambda self, v: v)
    with no_lookup, pytest.raises(ValidationError) as exc:
        block.clean(
            block.to_python(
                {
                    "title": "视频",
                    "file": video.pk,
                    "embed": "https://video.example.org/v/1",
                }
            )
        )
    assert VIDEO_SOURCE_BOTH in str(exc.value.block_errors)


def _queries_for(client, lecture) -> int:
    cache_clear_own_keys()  # measure the uncached render of the body
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(lecture.url).status_code == 200
    return len(ctx.captured_queries)


def test_lecture_query_count_does_not_grow_with_blocks(client, course, media):
    from tests.factories import EnrolmentFactory, RepresentativeFactory

    enrolment = EnrolmentFactory()
    enrolment.session.courses.add(course)
    client.force_login(RepresentativeFactory(enterprise=enrolment.enterprise))
    small = LecturePageFactory(parent=course, body=_body(*media))
    large = LecturePageFactory(parent=course, body=_body(*media) * 10)
    _queries_for(client, small)  # warm caches (content types)
    assert _queries_for(client, large) == _queries_for(client, small)


def test_lecture_body_is_cached_until_republished(client, tree):
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(parent=course)
    assert "严重失信" in client.get(lecture.url).content.decode()
    lecture.body = [("paragraph_block", "<p>新版正文</p>")]
    lecture.save_revision().publish()
    html = client.get(lecture.url).content.decode()
    assert "新版正文" in html
    assert "严重失信" not in html


def test_lecture_images_are_renditions_not_originals(client, tree, media):
    image, document, video = media
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(parent=course, body=_body(image, document, video))
    html = client.get(lecture.url).content.decode()
    rendition = image.renditions.get(filter_spec="fill-960x540")
    assert rendition.url in html
    assert image.file.url not in html and "original_images" not in html
