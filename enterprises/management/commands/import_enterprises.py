"""python manage.py import_enterprises PATH --region CODE [--dry-run]

CODE: the GB/T 2260 code (320685) or the city-qualified key (320600-01)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from enterprises import services


class Command(BaseCommand):
    help = "导入治理名单（xlsx 或 csv，UTF-8/GBK）；有错误时列出并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--region",
            required=True,
            help="地区：六位行政区划代码（如 320685）或 城市代码-序号（如 320600-01）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, path, region, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            region_obj = services.region_by_code(code=region)
            summary, errors = services.enterprises_import(
                region=region_obj,
                filename=file.name,
                data=file.read_bytes(),
                dry_run=dry_run,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"共 {len(errors)} 处错误，未导入任何数据。")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("检查通过（--dry-run，未写入）。"))
            return
        self.stdout.write(self.style.SUCCESS(summary.message()))
