"""python manage.py bootstrap_deployment (--config deployment.yaml | arguments)

Creates a new deployment's city office, its regions with their county offices, the
first administrator and the Wagtail site with the course centre (/learn/courses/).
Safe to run again: existing rows are updated, an existing administrator is left as
is. The password comes from the YAML, BOOTSTRAP_ADMIN_PASSWORD or a prompt — never
from the command line. See deploy/bootstrap.example.yaml.
"""

import getpass
import os
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from deploy.bootstrap import deployment_bootstrap, spec_from_dict


class Command(BaseCommand):
    help = "初始化新部署：省、市、信用办、地区、首位管理员和课程中心（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--config", type=Path, help="YAML file (see deploy/)")
        parser.add_argument("--province", help="e.g. 江苏省")
        parser.add_argument("--city", help="e.g. 南通市")
        parser.add_argument(
            "--city-code",
            help="GB/T 2260, e.g. 320600 (known Jiangsu cities: optional)",
        )
        parser.add_argument("--city-office", help="default: <city>信用办")
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            help="CODE:NAME[:DIVISION], once per county-level region, "
            "e.g. 01:海安市:320685",
        )
        parser.add_argument("--admin-username")
        parser.add_argument("--admin-email", default="")
        parser.add_argument(
            "--hostname", help="the public host name, e.g. px.example.cn"
        )
        parser.add_argument("--port", type=int)

    def handle(self, *args, **options):
        data = self._read(options)
        admin = data.setdefault("admin", {})
        admin["password"] = (
            admin.get("password")
            or os.environ.get("BOOTSTRAP_ADMIN_PASSWORD")
            or self._prompt(admin)
        )
        try:
            spec = spec_from_dict(data)
            created = deployment_bootstrap(spec=spec)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{spec.site_name}：新建地区 {created['regions']} 个、信用办 "
                f"{created['offices']} 个、管理员 {created['admins']} 名；"
                "课程中心 /learn/courses/ 已就绪。"
            )
        )

    def _read(self, options) -> dict:
        data: dict = {}
        if options["config"]:
            try:
                data = yaml.safe_load(options["config"].read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as error:
                message = f"--config：无法读取 {options['config']}：{error}"
                raise CommandError(message) from error
            if not isinstance(data, dict):
                raise CommandError("--config：文件内容应为一个映射（键: 值）。")
        for key in ("province", "city", "city_code", "city_office"):
            if options[key]:
                data[key] = options[key]
        if options["region"]:
            data["regions"] = options["region"]
        if options["admin_username"]:
            data.setdefault("admin", {})["username"] = options["admin_username"]
            data["admin"]["email"] = options["admin_email"]
        site = data.setdefault("site", {})
        if options["hostname"]:
            site["hostname"] = options["hostname"]
        if options["port"]:
            site["port"] = options["port"]
        return data

    def _prompt(self, admin: dict) -> str:
        if not admin.get("username") or not os.isatty(0):
            return ""
        return getpass.getpass(f"管理员 {admin['username']} 的密码：")
