"""Create the local document-signing CA and certificate (var/signing/) once."""

from django.core.management.base import BaseCommand

from common.signing import signing_setup


class Command(BaseCommand):
    help = "创建本地文件签署根证书与签署证书（已存在时不覆盖，--force 重新生成）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="重新生成（旧签名将无法再被信任）"
        )

    def handle(self, *args, force=False, **options):
        created, paths = signing_setup(force=force)
        state = "已创建" if created else "已存在，未改动"
        self.stdout.write(f"文件签署证书{state}：")
        for name, path in paths.items():
            self.stdout.write(f"  {name}: {path}")
