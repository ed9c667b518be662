"""Login protection: lockout after 5 failures per username and IP on every login
endpoint, the staff's second factor, idle session timeout."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_SEEN
from accounts.sms import outbox_messages
from common.models import AuditEntry
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    RepresentativeFactory,
)

ROOT = Path(__file__).resolve().parent.parent.parent
MOBILE = "13900003333"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_PATH = str(tmp_path / "outbox.jsonl")


def _password_login(url):
    def attempt(client, username, password):
        return client.post(url, {"username": username, "password": password})

    return attempt


def _code_login(client, username, code):
    return client.post(
        reverse("accounts:code_login"),
        {"username": username, "code": code, "action": "login"},
    )


def _reset(client, username, code):
    return client.post(
        reverse("accounts:password_reset"),
        {
            "username": username,
            "code": code,
            "password1": "Xin-mima-2026!",
            "password2": "Xin-mima-2026!",
            "action": "reset",
        },
    )


ENDPOINTS = {
    "site": _password_login("/accounts/login/"),
    "django_admin": _password_login("/django-admin/login/"),
    "wagtail_admin": _password_login("/cms/login/"),
    "code_login": _code_login,
    "reset": _reset,
}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_five_failures_lock_the_username_and_ip_for_15_minutes(client, endpoint):
    attempt = ENDPOINTS[endpoint]
    AdminFactory(username=MOBILE, mobile=MOBILE) if "admin" in endpoint else (
        RepresentativeFactory(username=MOBILE, mobile=MOBILE)
    )
    for _ in range(5):
        attempt(
            client, MOBILE, "000000" if endpoint in ("code_login", "reset") else "x"
        )
    # The right secret now is refused too, with a Chinese page that says when.
    if endpoint in ("code_login", "reset"):
        client.post(
            reverse(
                "accounts:code_login"
                if endpoint == "code_login"
                else "accounts:password_reset"
            ),
            {"username": MOBILE, "action": "send"},
        )
        secret = outbox_messages(mobile=MOBILE)[-1]["code"]
    else:
        secret = "pass-1234"
    response = attempt(client, MOBILE, secret)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html and "15 分钟" in html and "后再试" in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.lockout", scope=MOBILE).exists()
    # Another client address is not locked out by this one's failures.
    if endpoint == "site":
        response = client.post(
            "/accounts/login/",
            {"username": MOBILE, "password": "pass-1234"},
            REMOTE_ADDR="10.9.9.9",
        )
        assert response.status_code == 302


@pytest.mark.django_db
def test_four_failures_then_success_resets_the_count(client):
    RepresentativeFactory(username=MOBILE)
    for _ in range(4):
        client.post("/accounts/login/", {"username": MOBILE, "password": "x"})
    response = client.post(
        "/accounts/login/", {"username": MOBILE, "password": "pass-1234"}
    )
    assert response.status_code == 302


def _otp_token(user):
    device = TOTPDevice.objects.get(user=user)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{token:06d}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/reports/audit/", "/django-admin/", "/cms/"])
def test_staff_must_pass_the_second_factor(client, settings, path):
    settings.OTP_REQUIRED_FOR_STAFF = True
    city = CityOfficerFactory(username="city9")
    city.is_staff = True
    city.is_superuser = True
    city.save()
    client.post("/accounts/login/", {"username": "city9", "password": "pass-1234"})
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/")
    setup = client.get(response.url)
    assert "扫描二维码" in setup.content.decode()
    wrong = client.post("/accounts/otp/", {"token": "000000", "next": path})
    assert wrong.status_code == 400 and "动态口令错误" in wrong.content.decode()
    # django-otp throttles the device after a failure; wait that out.
    TOTPDevice.objects.update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    ok = client.post("/accounts/otp/", {"token": _otp_token(city), "next": path})
    assert ok.status_code == 302 and ok.url == path
    assert client.get(path).status_code in (200, 302)
    assert client.get(path).get("Location", "").startswith("/accounts/otp/") is False
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"auth.otp_device_add", "auth.otp_failed"} <= actions


@pytest.mark.django_db
def test_county_office_and_representatives_need_no_second_factor(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    for user in (CountyOfficerFactory(), RepresentativeFactory()):
        client.force_login(user)
        assert client.get("/").status_code == 200


def test_second_factor_is_on_in_the_production_settings():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.OTP_REQUIRED_FOR_STAFF, settings.TRUSTED_PROXY_HOPS)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 64,
        "DJANGO_ALLOWED_HOSTS": "px.example.cn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["True", "1"]


@pytest.mark.django_db
def test_an_idle_staff_session_ends_after_30_minutes(client):
    county = CountyOfficerFactory()
    client.force_login(county)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action="auth.session_expired", actor=county
    ).exists()


@pytest.mark.django_db
def test_a_representative_idle_for_30_minutes_stays_signed_in(client):
    client.force_login(RepresentativeFactory())
    client.get("/")
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    assert client.get("/").status_code == 200
