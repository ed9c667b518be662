"""bootstrap_deployment: a new deployment's places, offices, first administrator and
course centre, from YAML or arguments; running it again changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from accounts.models import CreditOffice, Region, User
from deploy.bootstrap import SPEC_PASSWORD_REQUIRED, SPEC_REGION_BAD

pytestmark = pytest.mark.django_db

YAML = """
province: 江苏省
city: 泰州市
regions:
  - {code: "81", name: 海陵区}
  - code: "82"
    name: 兴化市
    division_code: "321281"
    office: 兴化市社会信用体系建设办公室
admin: {username: root2026, email: ops@example.cn}
site: {hostname: px.example.cn, port: 443}
"""


def _counts():
    return Region.objects.count(), CreditOffice.objects.count(), User.objects.count()


def test_yaml_bootstrap_creates_the_deployment_and_the_course_centre_serves(
    tmp_path, monkeypatch, client, settings
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "px.example.cn"]
    config = tmp_path / "deployment.yaml"
    config.write_text(YAML, encoding="utf-8")
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "首位管理员-Pass-2026")

    call_command("bootstrap_deployment", "--config", str(config))
    after_first = _counts()
    call_command("bootstrap_deployment", "--config", str(config))

    assert _counts() == after_first
    xinghua = Region.objects.get(code="82")
    assert (xinghua.city.name, xinghua.city.code) == ("泰州市", "321200")
    assert xinghua.division_code == "321281"
    assert xinghua.city.province.code == "320000"
    assert (
        CreditOffice.objects.get(region__code="82").name
        == "兴化市社会信用体系建设办公室"
    )
    assert CreditOffice.objects.get(region__code="81").name == "海陵区信用办"
    assert CreditOffice.objects.filter(level="city", city__name="泰州市").count() == 1
    admin = User.objects.get(username="root2026")
    assert admin.is_superuser and admin.role == User.Role.ADMIN
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("px.example.cn", 443)
    assert site.site_name == "江苏省泰州市信用修复培训考试平台"
    assert client.login(username="root2026", password="首位管理员-Pass-2026")
    response = client.get("/learn/courses/", HTTP_HOST="px.example.cn")
    assert response.status_code == 200
    assert "课程中心" in response.content.decode()


def test_arguments_work_without_a_file(monkeypatch):
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "another-long-password")

    call_command(
        "bootstrap_deployment",
        "--province=江苏省",
        "--city=盐城市",
        "--region=91:亭湖区",
        "--admin-username=ycadmin",
    )

    assert Region.objects.get(code="91").name == "亭湖区"
    assert User.objects.get(username="ycadmin").is_superuser


def test_bad_region_and_missing_password_are_named(monkeypatch):
    monkeypatch.delenv("BOOTSTRAP_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError) as bad_region:
        call_command(
            "bootstrap_deployment",
            "--province=江苏省",
            "--city=盐城市",
            "--region=1:亭湖区",
            "--admin-username=ycadmin",
        )
    with pytest.raises(CommandError) as no_password:
        call_command(
            "bootstrap_deployment",
            "--province=江苏省",
            "--city=盐城市",
            "--admin-username=ycadmin",
        )

    assert SPEC_REGION_BAD.format(n=1) in str(bad_region.value)
    assert SPEC_PASSWORD_REQUIRED in str(no_password.value)
    assert not User.objects.filter(username="ycadmin").exists()
