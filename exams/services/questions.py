"""Writing the question bank: create, switch on/off, xlsx import."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common.spreadsheets import SHEET_UNREADABLE, xlsx_rows

from ..models import Option, Question, Topic

NOT_AUTHOR = "只有培训讲师和市级信用办可以维护题库。"
OPTIONS_TOO_FEW = "选项：单选题和多选题至少需要两个选项。"
OPTIONS_TOO_MANY = "选项：最多六个选项（A–F）。"
SINGLE_NEEDS_ONE = "正确答案：单选题必须恰好有一个正确选项。"
MULTIPLE_NEEDS_TWO = "正确答案：多选题至少需要两个正确选项。"
TRUE_FALSE_OPTIONS = ("正确", "错误")
IMPORT_HEADER = [
    "题型",
    "主题",
    "难度",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
]
LETTERS = "ABCDEF"
IMPORT_NOT_XLSX = "文件不是有效的 xlsx 工作簿。"
IMPORT_BAD_HEADER = "表头应为：" + "、".join(IMPORT_HEADER) + "。"
IMPORT_EMPTY = "文件中没有试题。"
ROW_REQUIRED = "不能为空。"
ROW_BAD_KIND = "应为 单选题、多选题 或 判断题。"
ROW_BAD_TOPIC = "应为以下主题之一：" + "、".join(Topic.labels) + "。"
ROW_BAD_DIFFICULTY = "应为 容易、中等、较难 或 1、2、3。"
ROW_BAD_ANSWER_LETTER = "应为选项字母，如 A 或 ACD，且对应的选项不能为空。"
ROW_BAD_TRUE_FALSE = "判断题答案应为 正确 或 错误（也可写 对、错）。"

_KINDS = {
    "单选题": Question.Kind.SINGLE,
    "单选": Question.Kind.SINGLE,
    "多选题": Question.Kind.MULTIPLE,
    "多选": Question.Kind.MULTIPLE,
    "判断题": Question.Kind.TRUE_FALSE,
    "判断": Question.Kind.TRUE_FALSE,
}
_DIFFICULTIES = {"容易": 1, "中等": 2, "较难": 3, "1": 1, "2": 2, "3": 3}
_TRUE = {"正确", "对", "是", "√", "T", "TRUE"}
_FALSE = {"错误", "错", "否", "×", "F", "FALSE"}


def _owner_fields(author: User) -> dict:
    if author.role == User.Role.TRAINER and author.agency_id:
        return {"agency_id": author.agency_id, "is_shared": False}
    if author.is_superuser or author.role in (User.Role.CITY_OFFICE, User.Role.ADMIN):
        return {"agency_id": None, "is_shared": True}
    raise ValidationError(NOT_AUTHOR)


def _check_options(kind: str, options: list[tuple[str, bool]]) -> None:
    correct = sum(1 for _, ok in options if ok)
    if kind == Question.Kind.TRUE_FALSE:
        if correct != 1:
            raise ValidationError(SINGLE_NEEDS_ONE)
        return
    if len(options) < 2:
        raise ValidationError(OPTIONS_TOO_FEW)
    if len(options) > len(LETTERS):
        raise ValidationError(OPTIONS_TOO_MANY)
    if kind == Question.Kind.SINGLE and correct != 1:
        raise ValidationError(SINGLE_NEEDS_ONE)
    if kind == Question.Kind.MULTIPLE and correct < 2:
        raise ValidationError(MULTIPLE_NEEDS_TWO)


@transaction.atomic
def question_create(
    *,
    author: User,
    kind: str,
    topic: str,
    stem: str,
    explanation: str,
    options: list[tuple[str, bool]],
    difficulty: int = Question.Difficulty.MEDIUM,
) -> Question:
    """Add a question with its options to the author's bank (or the shared bank).

    For true/false questions pass [("正确", is_true), ("错误", not is_true)].
    """
    _check_options(kind, options)
    question = Question(
        kind=kind,
        topic=topic,
        difficulty=difficulty,
        stem=stem.strip(),
        explanation=explanation.strip(),
        created_by=author,
        **_owner_fields(author),
    )
    question.full_clean()
    question.save()
    for position, (text, ok) in enumerate(options, start=1):
        option = Option(question=question, position=position, text=text, is_correct=ok)
        option.full_clean(exclude=["question"])
        option.save()
    return question


@transaction.atomic
def question_set_active(*, question: Question, active: bool) -> Question:
    """Switch a question on or off for future draws (attempts keep their copy)."""
    question.is_active = active
    question.save(update_fields=["is_active"])
    return question


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self):
        return f"第 {self.row} 行“{self.column}”列：{self.reason}"


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _parse_row(number: int, cells: list[str]) -> tuple[dict | None, list[RowError]]:
    row = dict(zip(IMPORT_HEADER, cells, strict=False))
    errors = []

    def bad(column, reason):
        errors.append(RowError(number, column, reason))

    for column in ("题型", "主题", "题干", "答案", "解析"):
        if not row.get(column):
            bad(column, ROW_REQUIRED)
    kind = _KINDS.get(row.get("题型", ""))
    if row.get("题型") and kind is None:
        bad("题型", ROW_BAD_KIND)
    topic = {label: value for value, label in Topic.choices}.get(row.get("主题", ""))
    topic = topic or (row.get("主题") if row.get("主题") in Topic.values else None)
    if row.get("主题") and topic is None:
        bad("主题", ROW_BAD_TOPIC)
    difficulty = _DIFFICULTIES.get(row.get("难度") or "中等")
    if difficulty is None:
        bad("难度", ROW_BAD_DIFFICULTY)
    answer = (row.get("答案") or "").upper().replace(",", "").replace("，", "")
    options = []
    if kind == Question.Kind.TRUE_FALSE and answer:
        if answer not in _TRUE | _FALSE:
            bad("答案", ROW_BAD_TRUE_FALSE)
        is_true = answer in _TRUE
        options = [
            (TRUE_FALSE_OPTIONS[0], is_true),
            (TRUE_FALSE_OPTIONS[1], not is_true),
        ]
    elif kind and answer:
        texts = [(letter, row.get(f"选项{letter}", "")) for letter in LETTERS]
        texts = [(letter, text) for letter, text in texts if text]
        present = {letter for letter, _ in texts}
        if not set(answer) <= present:
            bad("答案", ROW_BAD_ANSWER_LETTER)
        options = [(text, letter in answer) for letter, text in texts]
        if not errors:
            try:
                _check_options(kind, options)
            except ValidationError as exc:
                column = "选项A" if exc.messages[0] == OPTIONS_TOO_FEW else "答案"
                bad(column, exc.messages[0].split("：", 1)[-1])
    if errors:
        return None, errors
    return {
        "kind": kind,
        "topic": topic,
        "difficulty": difficulty,
        "stem": row["题干"],
        "explanation": row["解析"],
        "options": options,
    }, []


def question_import(*, author: User, file) -> ImportResult:
    """Import questions from xlsx; any bad row means nothing is imported."""
    _owner_fields(author)
    try:
        table = xlsx_rows(file, max_columns=len(IMPORT_HEADER) + 5)
    except ValidationError as exc:
        if exc.messages == [SHEET_UNREADABLE]:
            raise ValidationError(IMPORT_NOT_XLSX) from exc
        raise
    rows = [[_text(v) for v in r] for r in table]
    if not rows or rows[0][: len(IMPORT_HEADER)] != IMPORT_HEADER:
        raise ValidationError(IMPORT_BAD_HEADER)
    parsed, result = [], ImportResult()
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        data, errors = _parse_row(number, cells)
        result.errors += errors
        if data:
            parsed.append(data)
    if not parsed and not result.errors:
        raise ValidationError(IMPORT_EMPTY)
    if result.errors:
        return result
    with transaction.atomic():
        for data in parsed:
            question_create(author=author, **data)
    result.created = len(parsed)
    return result


def question_export_rows(questions) -> list[list]:
    """Rows in the import layout, so an export can be edited and imported again."""
    kinds = {v: k for k, v in _KINDS.items() if k.endswith("题")}
    rows = []
    for q in questions:
        options = list(q.options.all())
        letters = [LETTERS[i] for i, o in enumerate(options) if o.is_correct]
        if q.kind == Question.Kind.TRUE_FALSE:
            texts = [""] * len(LETTERS)
            answer = "正确" if options and options[0].is_correct else "错误"
        else:
            texts = [o.text for o in options] + [""] * (len(LETTERS) - len(options))
            answer = "".join(letters)
        rows.append(
            [kinds[q.kind], q.get_topic_display(), q.get_difficulty_display()]
            + [q.stem]
            + texts
            + [answer, q.explanation]
        )
    return rows
