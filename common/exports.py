"""CSV and xlsx exports that stream, with formula-injection escaping."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

from django.http import StreamingHttpResponse
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Neutralise a cell a spreadsheet would read as a formula (CWE-1236)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


class _Echo:
    def write(self, value):
        return value


def _csv_rows(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM so Excel opens UTF-8 Chinese correctly
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([escape_cell(v) for v in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV download named `filename` (may be Chinese)."""
    response = StreamingHttpResponse(
        _csv_rows(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1"
) -> bytes:
    """Write rows to an xlsx workbook in write-only (constant-memory) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([escape_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, title="Sheet1"
) -> StreamingHttpResponse:
    """An xlsx download; the workbook is built in write-only mode, then streamed."""
    data = xlsx_bytes(header, rows, title=title)
    chunk = 64 * 1024
    response = StreamingHttpResponse(
        (data[i : i + chunk] for i in range(0, len(data), chunk)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def attachment_header(filename: str) -> str:
    """A Content-Disposition value for a download named `filename` (may be Chinese)."""
    return _content_disposition(filename)
