"""Reading uploaded xlsx workbooks safely.

openpyxl's read-only mode pads every row to the sheet's declared dimension, and
pads missing rows up to the declared last row: a 52 KB file that declares
`A1:XFD10000` expands to 160 million cells. So the declared dimension is checked
before any row is read, and only the first `max_columns` columns and at most
`max_rows` data rows are ever read.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

SHEET_TOO_WIDE = (
    "工作表声明了 {columns} 列，超过上限 {limit} 列（模板的列数加少量备注列）。"
    "请删除多余的列，或把数据复制到模板中再上传。"
)
SHEET_TOO_LONG = "工作表有 {rows} 行数据，超过上限 {limit} 行，请分批上传。"
SHEET_UNREADABLE = "文件不是有效的 xlsx 工作簿。"


def import_max_rows() -> int:
    """IMPORT_MAX_ROWS: the most data rows one upload may carry."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20_000))


def xlsx_rows(source, *, max_columns: int, max_rows: int | None = None) -> list[list]:
    """The first sheet's rows (header included), each cut to `max_columns` cells.

    `source` is a path or a binary file object. ValidationError (Chinese, no field)
    when the declared dimension or the actual content exceeds the limits, or when
    the file is not a workbook."""
    max_rows = import_max_rows() if max_rows is None else max_rows
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-workbook
        raise ValidationError(SHEET_UNREADABLE) from exc
    try:
        sheet = workbook.worksheets[0]
        declared_columns, declared_rows = sheet.max_column, sheet.max_row
        if declared_columns and declared_columns > max_columns:
            raise ValidationError(
                SHEET_TOO_WIDE.format(columns=declared_columns, limit=max_columns)
            )
        if declared_rows and declared_rows - 1 > max_rows:
            raise ValidationError(
                SHEET_TOO_LONG.format(rows=declared_rows - 1, limit=max_rows)
            )
        rows = []
        for row in sheet.iter_rows(
            max_col=max_columns, max_row=max_rows + 2, values_only=True
        ):
            rows.append(list(row))
            if len(rows) - 1 > max_rows:
                raise ValidationError(
                    SHEET_TOO_LONG.format(rows=f"{max_rows} 以上", limit=max_rows)
                )
        return rows
    except ValidationError:
        raise
    except Exception as exc:  # a broken sheet inside a valid zip
        raise ValidationError(SHEET_UNREADABLE) from exc
    finally:
        workbook.close()
