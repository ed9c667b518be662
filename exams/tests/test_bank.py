import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from exams import services
from exams.models import Attempt, AttemptItem, Question
from exams.selectors import item_statistics
from tests.factories import CityOfficerFactory, RepresentativeFactory, TrainerFactory

from .factories import (
    QuestionFactory,
    eligible_candidate,
    exam_setup,
    paper_for_session,
)

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    [
        "单选题",
        "信用修复承诺书",
        "容易",
        "承诺书何时签署？",
        "培训会前",
        "考试后",
        "",
        "",
        "",
        "",
        "A",
        "培训会前完成。",
    ],
    [
        "多选题",
        "纠正失信行为与信用修复流程",
        "中等",
        "严重失信修复需要？",
        "参加培训",
        "提交信用报告",
        "缴纳培训费",
        "",
        "",
        "",
        "AB",
        "需培训并提交信用报告。",
    ],
    [
        "判断题",
        "培训组织、一企一档与跟踪服务",
        "1",
        "公益培训不收取任何费用。",
        "",
        "",
        "",
        "",
        "",
        "",
        "正确",
        "公益性办班，不收费。",
    ],
]


def _xlsx(rows, header=services.IMPORT_HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "bank.xlsx"
    return buffer


@pytest.mark.smoke
def test_import_creates_every_question_type():
    trainer = TrainerFactory()
    result = services.question_import(author=trainer, file=_xlsx(GOOD_ROWS))
    assert result.created == 3 and not result.errors
    tf = Question.objects.get(kind=Question.Kind.TRUE_FALSE)
    assert [(o.text, o.is_correct) for o in tf.options.all()] == [
        ("正确", True),
        ("错误", False),
    ]
    assert set(Question.objects.values_list("agency_id", flat=True)) == {
        trainer.agency_id
    }


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported():
    rows = GOOD_ROWS + [
        [
            "填空题",
            "信用修复承诺书",
            "容易",
            "题干",
            "甲",
            "乙",
            "",
            "",
            "",
            "",
            "A",
            "解析",
        ],
        [
            "单选题",
            "不存在的主题",
            "容易",
            "题干",
            "甲",
            "乙",
            "",
            "",
            "",
            "",
            "C",
            "解析",
        ],
        [
            "单选题",
            "信用修复承诺书",
            "容易",
            "",
            "甲",
            "乙",
            "",
            "",
            "",
            "",
            "A",
            "解析",
        ],
        [
            "多选题",
            "信用修复承诺书",
            "容易",
            "题干",
            "甲",
            "乙",
            "丙",
            "",
            "",
            "",
            "A",
            "解析",
        ],
    ]
    result = services.question_import(author=TrainerFactory(), file=_xlsx(rows))
    found = {(e.row, e.column, e.reason) for e in result.errors}
    assert (5, "题型", services.ROW_BAD_KIND) in found
    assert (6, "主题", services.ROW_BAD_TOPIC) in found
    assert (6, "答案", services.ROW_BAD_ANSWER_LETTER) in found
    assert (7, "题干", services.ROW_REQUIRED) in found
    assert (8, "答案", "多选题至少需要两个正确选项。") in found
    assert result.created == 0
    assert not Question.objects.exists()


def test_wrong_header_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.question_import(
            author=TrainerFactory(), file=_xlsx(GOOD_ROWS, header=["题目", "答案"])
        )
    assert exc.value.messages == [services.IMPORT_BAD_HEADER]


def test_export_round_trips_through_import(client):
    trainer = TrainerFactory()
    services.question_import(author=trainer, file=_xlsx(GOOD_ROWS))
    client.force_login(trainer)
    response = client.get(reverse("exams:question_export"))
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == services.IMPORT_HEADER
    again = TrainerFactory()
    result = services.question_import(author=again, file=io.BytesIO(data))
    assert result.created == 3, result.errors


def test_import_page_lists_row_errors(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    bad = _xlsx(
        [
            [
                "单选题",
                "信用修复承诺书",
                "容易",
                "题干",
                "甲",
                "",
                "",
                "",
                "",
                "",
                "B",
                "解析",
            ]
        ]
    )
    response = client.post(reverse("exams:question_import"), {"file": bad})
    body = response.content.decode()
    assert "未导入任何试题" in body
    assert services.ROW_BAD_ANSWER_LETTER in body


def test_representative_cannot_import():
    with pytest.raises(ValidationError):
        services.question_import(author=RepresentativeFactory(), file=_xlsx(GOOD_ROWS))


def test_city_office_questions_are_shared():
    question = services.question_create(
        author=CityOfficerFactory(),
        kind=Question.Kind.SINGLE,
        topic="regulations",
        stem="共享题",
        explanation="解析",
        options=[("甲", True), ("乙", False)],
    )
    assert question.is_shared and question.agency_id is None


def test_single_choice_needs_exactly_one_correct_option():
    with pytest.raises(ValidationError) as exc:
        services.question_create(
            author=TrainerFactory(),
            kind=Question.Kind.SINGLE,
            topic="regulations",
            stem="题",
            explanation="解析",
            options=[("甲", True), ("乙", True)],
        )
    assert exc.value.messages == [services.SINGLE_NEEDS_ONE]


def test_item_statistics_share_correct_and_discrimination():
    easy, hard = QuestionFactory(), QuestionFactory()
    paper = paper_for_session(questions=[easy, hard])
    session = paper.links.get().session
    # 4 strong candidates answer both right; 4 weak ones only the easy one.
    for strong in [True] * 4 + [False] * 4:
        user, enrolment = eligible_candidate(session=session)
        attempt = services.attempt_start(enrolment=enrolment, candidate=user)
        for question in (easy, hard):
            if question is hard and not strong:
                continue
            right = question.options.get(is_correct=True).pk
            services.answer_save(
                attempt=attempt, question_id=question.pk, option_ids=[right]
            )
        services.attempt_submit(attempt=attempt)
    stats = {s.question.pk: s for s in item_statistics(paper=paper)}
    assert stats[easy.pk].share_correct == 1.0
    assert stats[easy.pk].discrimination == 0.0
    assert stats[hard.pk].share_correct == 0.5
    assert stats[hard.pk].discrimination == 1.0


def test_close_expired_attempts_command():
    paper, user, enrolment = exam_setup(pass_mark=Decimal("0"))
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1),
        deadline=timezone.now() - datetime.timedelta(minutes=5),
    )
    out = io.StringIO()
    call_command("close_expired_attempts", stdout=out)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.auto_submitted
    assert attempt.passed
    assert "1" in out.getvalue()
    assert (
        AttemptItem.objects.filter(attempt=attempt, awarded__isnull=True).count() == 0
    )
