import csv
import io

import pytest
from django.core.management import CommandError, call_command

from enterprises import importing
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.tests.factories import RegionFactory, uscc_for

pytestmark = pytest.mark.django_db


def write_list(path, rows):
    header = [c.header for c in importing.COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(h, "") for h in header])
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return str(path)


def good_row(n):
    return {"统一社会信用代码": uscc_for(7000 + n), "企业名称": f"命令导入{n}有限公司"}


@pytest.mark.smoke
def test_command_imports_a_gbk_csv(tmp_path, capsys):
    RegionFactory(code="01")
    path = write_list(tmp_path / "list.csv", [good_row(1), good_row(2)])
    call_command("import_enterprises", path, "--region", "01")
    assert Enterprise.objects.count() == 2
    assert "新建 2 家" in capsys.readouterr().out


def test_dry_run_writes_nothing(tmp_path):
    RegionFactory(code="01")
    path = write_list(tmp_path / "list.csv", [good_row(1)])
    call_command("import_enterprises", path, "--region", "01", "--dry-run")
    assert not Enterprise.objects.exists()


def test_bad_file_exits_non_zero_and_prints_row_errors(tmp_path, capsys):
    RegionFactory(code="01")
    bad = {**good_row(2), "统一社会信用代码": "123"}
    path = write_list(tmp_path / "bad.csv", [good_row(1), bad])
    with pytest.raises(CommandError) as exc:
        call_command("import_enterprises", path, "--region", "01")
    assert "1 处错误" in str(exc.value)
    assert "第 3 行 · 统一社会信用代码" in capsys.readouterr().err
    assert not Enterprise.objects.exists() and not PenaltyRecord.objects.exists()


def test_unknown_region_code_is_refused(tmp_path):
    path = write_list(tmp_path / "list.csv", [good_row(1)])
    with pytest.raises(CommandError) as exc:
        call_command("import_enterprises", path, "--region", "42")
    assert "42" in str(exc.value) and "地区编码" in str(exc.value)
