"""Reading and checking governance-list files (xlsx, or csv in UTF-8/GB18030).

Pure parsing and row checks live here; `services.importing` writes the result.
"""

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.spreadsheets import (
    SHEET_TOO_LONG,
    SHEET_UNREADABLE,
    import_max_rows,
    xlsx_rows,
)
from common.validators import normalize_uscc, validate_uscc

from .choices import (
    EXIT_REASON_CHOICES,
    GOVERNANCE_MEASURES,
    GovernanceType,
    governance_errors,
)
from .models import Enterprise, PenaltyDomain, PenaltyRecord, Severity

FILE_WRONG_TYPE = "文件类型：只支持 .xlsx 或 .csv 文件，收到的是“{name}”。"
FILE_TOO_LARGE = "文件大小：{size_mb:.1f} MB 超过上限 {limit_mb:.0f} MB。"
FILE_EMPTY = "文件内容：文件是空的。"
FILE_HEADER_ONLY = "文件内容：只有表头，没有数据行。"
FILE_UNREADABLE = "文件内容：无法读取该文件（{detail}），请用模板另存后重试。"
FILE_MISSING_COLUMNS = "表头：缺少必需的列：{columns}。请下载模板核对。"
CELL_REQUIRED = "不能为空。"
CELL_TOO_LONG = "不能超过 {limit} 个字符。"
CELL_BAD_CHOICE = "“{value}”无效，可选：{allowed}。"
CELL_BAD_DATE = "“{value}”不是日期，请写成 2025-03-01。"
CELL_FUTURE_DATE = "{value} 晚于今天，请核对。"
CELL_NAME_CONFLICT = "与第 {row} 行同一统一社会信用代码的企业名称不一致。"
CELL_OTHER_REGION = "该企业已在地区 {region} 建档，不能导入到本地区。"
CELL_DUPLICATE_IN_FILE = "与第 {row} 行的处罚机关和文号重复。"
CELL_DUPLICATE_IN_DB = "处罚机关“{authority}”的该文号已录入给另一家企业（{name}）。"
CELL_PENALTY_INCOMPLETE = "填写了决定书文号时，此列不能为空。"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    max_length: int | None = None


COLUMNS = [
    Column("uscc", "统一社会信用代码", True),
    Column("name", "企业名称", True, 200),
    Column("business_status", "经营状态"),
    Column("legal_representative", "法定代表人", max_length=50),
    Column("registered_address", "登记地址", max_length=300),
    Column("actual_address", "实际地址", max_length=300),
    Column("contact_person", "联系人", max_length=50),
    Column("contact_phone", "联系电话", max_length=30),
    Column("dishonesty_type", "严重失信类型", max_length=100),
    Column("governance_type", "治理类型"),
    Column("governance_measures", "治理措施"),
    Column("exit_reasons", "治理退出原因"),
    Column("list_received_on", "名单下发日期"),
    Column("decision_no", "行政处罚决定书文号", max_length=100),
    Column("authority", "处罚机关", max_length=100),
    Column("decision_date", "处罚决定日期"),
    Column("content", "处罚内容"),
    Column("severity", "失信程度"),
    Column("domain", "领域"),
]
HEADERS = {c.header: c for c in COLUMNS}
ENTERPRISE_KEYS = [c.key for c in COLUMNS[:13]]
PENALTY_KEYS = ["decision_no", "authority", "decision_date", "content"]
EXAMPLE_ROW = [
    "91320621MA1MXK2B3Y",
    "示例（请删除本行）南通某某有限公司",
    "在业/存续",
    "王某",
    "江苏省南通市示例路1号",
    "江苏省南通市示例路1号",
    "王某",
    "13900000000",
    "",
    "帮扶",
    "警示、信用培训",
    "",
    "2026-11-02",
    "通X罚决字〔2026〕1号",
    "南通市某某局",
    "2026-03-01",
    "责令限期整改，罚款人民币五千元。",
    "一般失信",
    "一般领域",
]

_SPLIT = re.compile(r"[、,，;；/\s]+")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def max_upload_bytes() -> int:
    return getattr(settings, "ENTERPRISE_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self):
        return f"第 {self.row} 行 · {self.column}：{self.message}"


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)  # each has "row_no" (sheet row no.)
    errors: list[RowError] = field(default_factory=list)


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def read_table(*, filename: str, data: bytes) -> tuple[list[str], list[list]]:
    """Header and data rows of an xlsx or csv file; file-level errors raised."""
    lower = filename.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise _file_error(FILE_WRONG_TYPE.format(name=filename))
    limit = max_upload_bytes()
    if len(data) > limit:
        raise _file_error(
            FILE_TOO_LARGE.format(size_mb=len(data) / 2**20, limit_mb=limit / 2**20)
        )
    if not data.strip():
        raise _file_error(FILE_EMPTY)
    table = _read_xlsx(data) if lower.endswith(".xlsx") else _read_csv(data)
    table = [r for r in table if any(_text(v) for v in r)]
    if not table:
        raise _file_error(FILE_EMPTY)
    header = [_text(v) for v in table[0]]
    if len(table) == 1:
        raise _file_error(FILE_HEADER_ONLY)
    return header, table[1:]


# Columns read from an xlsx: the template's plus a few for the office's own notes.
EXTRA_COLUMNS = 10


def _read_xlsx(data: bytes) -> list[list]:
    try:
        return xlsx_rows(io.BytesIO(data), max_columns=len(COLUMNS) + EXTRA_COLUMNS)
    except ValidationError as exc:
        detail = exc.messages[0]
        if detail == SHEET_UNREADABLE:
            raise _file_error(FILE_UNREADABLE.format(detail="不是有效的 xlsx")) from exc
        raise _file_error(f"文件内容：{detail}") from exc


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error(FILE_UNREADABLE.format(detail="编码不是 UTF-8 或 GBK"))


def _read_csv(data: bytes) -> list[list]:
    # NUL is never meaningful in a list, and PostgreSQL text and jsonb refuse it.
    text = decode_csv(data).replace("\x00", "")
    limit = import_max_rows()
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text)), limit + 2))
    except csv.Error as exc:
        raise _file_error(FILE_UNREADABLE.format(detail=str(exc))) from exc
    if len(rows) - 1 > limit:
        too_long = SHEET_TOO_LONG.format(rows=f"{limit} 以上", limit=limit)
        raise _file_error(f"文件内容：{too_long}")
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(g) for g in match.groups()))


def _choice(value: str, choices, aliases: dict | None = None) -> str:
    by_label = {label: code for code, label in choices}
    by_label.update(aliases or {})
    if value in by_label:
        return by_label[value]
    if value in dict(choices):
        return value
    raise KeyError(value)


def _labels(choices) -> str:
    return "、".join(label for _, label in choices)


def map_header(header: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Column index -> Column for known headers, and the missing required ones."""
    index = {i: HEADERS[h] for i, h in enumerate(header) if h in HEADERS}
    present = {c.key for c in index.values()}
    missing = [c.header for c in COLUMNS if c.required and c.key not in present]
    return index, missing


class _RowChecker:
    """Turns one sheet row into clean values, collecting (column, message) errors."""

    def __init__(self, row_no: int, errors: list[RowError]):
        self.row_no, self.errors = row_no, errors

    def error(self, key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == key)
        self.errors.append(RowError(self.row_no, header, message))

    def clean(self, raw: dict) -> dict:
        out = {k: _text(raw.get(k)) for k in (c.key for c in COLUMNS)}
        for column in COLUMNS:
            value = out[column.key]
            if column.required and not value:
                self.error(column.key, CELL_REQUIRED)
            elif column.max_length and len(value) > column.max_length:
                self.error(column.key, CELL_TOO_LONG.format(limit=column.max_length))
        out["uscc"] = normalize_uscc(out["uscc"])
        if out["uscc"]:
            try:
                validate_uscc(out["uscc"])
            except ValidationError as exc:
                self.error("uscc", exc.messages[0])
        self._choices(out)
        self._governance(out)
        self._dates(out, raw)
        self._penalty(out)
        return out

    def _pick(self, out, key, choices, aliases=None, default=""):
        if not out[key]:
            out[key] = default
            return
        try:
            out[key] = _choice(out[key], choices, aliases)
        except KeyError:
            allowed = _labels(choices)
            self.error(key, CELL_BAD_CHOICE.format(value=out[key], allowed=allowed))

    def _choices(self, out):
        status = Enterprise.BusinessStatus
        aliases = {"在业": status.ACTIVE, "存续": status.ACTIVE}
        self._pick(out, "business_status", status.choices, aliases, status.ACTIVE)
        self._pick(
            out,
            "severity",
            Severity.choices,
            {"一般": "general", "严重": "serious", "特定严重": "specially_serious"},
            Severity.GENERAL,
        )
        self._pick(out, "domain", PenaltyDomain.choices, None, PenaltyDomain.ORDINARY)
        self._pick(out, "governance_type", GovernanceType.choices)

    def _governance(self, out):
        kind = out["governance_type"]
        all_measures = [m for items in GOVERNANCE_MEASURES.values() for m in items]
        measures, reasons = [], []
        for key, choices, target in (
            ("governance_measures", all_measures, measures),
            ("exit_reasons", EXIT_REASON_CHOICES, reasons),
        ):
            for part in filter(None, _SPLIT.split(out[key])):
                try:
                    target.append(_choice(part, choices))
                except KeyError:
                    allowed = _labels(choices)
                    self.error(key, CELL_BAD_CHOICE.format(value=part, allowed=allowed))
        out["governance_measures"], out["exit_reasons"] = measures, reasons
        if kind in GovernanceType.values or not kind:
            for key, messages in governance_errors(kind, measures, reasons).items():
                self.error(key, messages[0])

    def _dates(self, out, raw):
        today = timezone.localdate()
        for key in ("list_received_on", "decision_date"):
            if not out[key]:
                out[key] = None
                continue
            try:
                day = _date(raw.get(key))
            except (ValueError, TypeError):
                self.error(key, CELL_BAD_DATE.format(value=out[key]))
                out[key] = None
                continue
            if day > today:
                self.error(key, CELL_FUTURE_DATE.format(value=day))
            out[key] = day.isoformat()

    def _penalty(self, out):
        if not out["decision_no"]:
            return
        for key in PENALTY_KEYS[1:]:
            if not out[key] and not any(
                e.row == self.row_no and e.column == _header(key) for e in self.errors
            ):
                self.error(key, CELL_PENALTY_INCOMPLETE)


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def _chunks(items: list, size: int = 900):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def check_rows(*, region, rows: list[dict], errors: list[RowError]) -> None:
    """Checks across rows and against the database: names, regions, duplicates."""
    first_row: dict[str, dict] = {}
    seen_decisions: dict[tuple[str, str], int] = {}
    for row in rows:
        first = first_row.setdefault(row["uscc"], row)
        if first is not row and first["name"] != row["name"]:
            errors.append(
                RowError(
                    row["row_no"],
                    "企业名称",
                    CELL_NAME_CONFLICT.format(row=first["row_no"]),
                )
            )
        if row["decision_no"]:
            key = (row["authority"], row["decision_no"])
            if key in seen_decisions:
                message = CELL_DUPLICATE_IN_FILE.format(row=seen_decisions[key])
                errors.append(RowError(row["row_no"], "行政处罚决定书文号", message))
            else:
                seen_decisions[key] = row["row_no"]
    usccs = [u for u in first_row if u]
    for chunk in _chunks(usccs):
        for uscc, region_id, code in Enterprise.objects.filter(
            uscc__in=chunk
        ).values_list("uscc", "region_id", "region__code"):
            if region_id != region.pk:
                row_no = first_row[uscc]["row_no"]
                errors.append(
                    RowError(
                        row_no,
                        "统一社会信用代码",
                        CELL_OTHER_REGION.format(region=code),
                    )
                )
    by_row = {r["row_no"]: r for r in rows}
    numbers = list({k[1] for k in seen_decisions})
    for chunk in _chunks(numbers):
        existing = PenaltyRecord.objects.filter(decision_no__in=chunk).values_list(
            "authority", "decision_no", "enterprise__uscc", "enterprise__name"
        )
        for authority, number, uscc, name in existing:
            row_no = seen_decisions.get((authority, number))
            if row_no is None:
                continue
            if by_row[row_no]["uscc"] != uscc:
                message = CELL_DUPLICATE_IN_DB.format(authority=authority, name=name)
                errors.append(RowError(row_no, "行政处罚决定书文号", message))


def parse_table(*, region, header: list[str], data_rows: list[list]) -> ParsedFile:
    """Clean every row and collect every error (row numbers as in the sheet)."""
    index, missing = map_header(header)
    if missing:
        raise _file_error(FILE_MISSING_COLUMNS.format(columns="、".join(missing)))
    result = ParsedFile()
    for offset, values in enumerate(data_rows, start=2):
        if not any(_text(v) for v in values):
            continue
        raw = {col.key: values[i] for i, col in index.items() if i < len(values)}
        row = _RowChecker(offset, result.errors).clean(raw)
        row["row_no"] = offset
        result.rows.append(row)
    check_rows(region=region, rows=result.rows, errors=result.errors)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def parse_file(*, region, filename: str, data: bytes) -> ParsedFile:
    """Read and check a governance-list file for `region`."""
    header, data_rows = read_table(filename=filename, data=data)
    return parse_table(region=region, header=header, data_rows=data_rows)
