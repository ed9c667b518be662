"""One-time codes: hashed, 5 minutes, single use, 5 tries, 60 s between sends,
limits per mobile and IP; password reset and code login with a code from the outbox;
the Aliyun SMS adapter against a local fake server."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import OneTimeCode
from accounts.services import (
    CODE_INVALID,
    CODE_TOO_MANY,
    CODE_TOO_SOON,
    code_send,
    code_verify,
)
from accounts.sms import AliyunBackend, SmsError, aliyun_signature, outbox_messages
from common.models import AuditEntry
from tests.factories import CountyOfficerFactory, RepresentativeFactory

MOBILE = "13900001111"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_BACKEND = "accounts.sms.OutboxBackend"
    settings.SMS_OUTBOX_PATH = str(tmp_path / "outbox.jsonl")
    return tmp_path / "outbox.jsonl"


def last_code(mobile: str) -> str:
    return outbox_messages(mobile=mobile)[-1]["code"]


@pytest.mark.django_db
def test_code_is_six_digits_stored_hashed_and_single_use():
    code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    code = last_code(MOBILE)
    assert len(code) == 6 and code.isdigit()
    record = OneTimeCode.objects.get()
    assert code not in record.code_hash and len(record.code_hash) == 64
    code_verify(destination=MOBILE, purpose="login", code=code)
    with pytest.raises(ValidationError) as exc:
        code_verify(destination=MOBILE, purpose="login", code=code)
    assert exc.value.messages == [CODE_INVALID]


@pytest.mark.django_db
def test_five_wrong_tries_spend_the_code():
    code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    code = last_code(MOBILE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ValidationError):
            code_verify(destination=MOBILE, purpose="login", code=wrong)
    with pytest.raises(ValidationError):
        code_verify(destination=MOBILE, purpose="login", code=code)
    assert OneTimeCode.objects.get().attempts == 5
    assert AuditEntry.objects.filter(action="auth.code_failed").count() == 6


@pytest.mark.django_db
def test_code_expires_after_five_minutes():
    code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    OneTimeCode.objects.update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        code_verify(destination=MOBILE, purpose="login", code=last_code(MOBILE))


@pytest.mark.django_db
def test_a_new_code_only_after_60_seconds_and_limits_per_ip():
    code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    with pytest.raises(ValidationError) as exc:
        code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    assert exc.value.messages[0] == CODE_TOO_SOON.format(seconds=60)
    OneTimeCode.objects.update(
        created_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    code_send(destination=MOBILE, purpose="login", ip_address="10.0.0.1")
    for n in range(30):  # OTP_MAX_PER_IP_HOUR
        code_send(destination=f"1380000{n:04d}", purpose="login", ip_address="10.0.0.2")
    with pytest.raises(ValidationError) as exc:
        code_send(destination="13811113333", purpose="login", ip_address="10.0.0.2")
    assert exc.value.messages == [CODE_TOO_MANY]


@pytest.mark.django_db
def test_sending_is_audited_without_the_full_mobile():
    code_send(destination=MOBILE, purpose="reset", ip_address="10.0.0.1")
    entry = AuditEntry.objects.get(action="auth.code_sent")
    assert entry.scope == "139****1111" and entry.ip_address == "10.0.0.1"


@pytest.mark.django_db
def test_password_reset_with_a_code_read_from_the_outbox(client):
    user = RepresentativeFactory(mobile=MOBILE, username=MOBILE)
    url = reverse("accounts:password_reset")
    response = client.post(url, {"username": MOBILE, "action": "send"}, follow=True)
    assert "验证码已发送" in response.content.decode()
    code = last_code(MOBILE)
    response = client.post(
        url,
        {
            "username": MOBILE,
            "code": code,
            "password1": "Xin-mima-2026!",
            "password2": "Xin-mima-2026!",
            "action": "reset",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-mima-2026!")
    assert AuditEntry.objects.filter(action="auth.password_reset", actor=user).exists()
    assert client.login(username=MOBILE, password="Xin-mima-2026!")


@pytest.mark.django_db
def test_staff_without_a_mobile_get_the_reset_code_by_mail(client, mailoutbox):
    staff = CountyOfficerFactory(username="county88", mobile="", email="c88@example.cn")
    client.post(
        reverse("accounts:password_reset"), {"username": "county88", "action": "send"}
    )
    assert mailoutbox[-1].to == ["c88@example.cn"]
    assert OneTimeCode.objects.get().destination == staff.email


@pytest.mark.django_db
def test_unknown_account_gets_the_same_answer_and_no_sms(client):
    url = reverse("accounts:password_reset")
    known = RepresentativeFactory(mobile=MOBILE, username=MOBILE)
    a = client.post(url, {"username": known.username, "action": "send"}, follow=True)
    b = client.post(url, {"username": "13999998888", "action": "send"}, follow=True)
    assert a.status_code == b.status_code == 200
    assert [m.message for m in a.context["messages"]] == [
        m.message for m in b.context["messages"]
    ]
    assert outbox_messages(mobile="13999998888") == []


@pytest.mark.django_db
def test_representative_logs_in_with_a_code(client):
    user = RepresentativeFactory(mobile=MOBILE, username=MOBILE)
    url = reverse("accounts:code_login")
    client.post(url, {"username": MOBILE, "action": "send"})
    response = client.post(
        url, {"username": MOBILE, "code": last_code(MOBILE), "action": "login"}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert AuditEntry.objects.get(action="auth.login").detail["method"] == "code"


@pytest.mark.django_db
def test_staff_cannot_log_in_with_a_code(client):
    CountyOfficerFactory(username="county89", mobile="13900002222")
    url = reverse("accounts:code_login")
    client.post(url, {"username": "county89", "action": "send"})
    assert outbox_messages(mobile="13900002222") == []


class _FakeAliyun(BaseHTTPRequestHandler):
    requests: list = []
    answer = {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"}

    def do_GET(self):  # noqa: N802
        params = dict(parse_qsl(urlparse(self.path).query))
        type(self).requests.append(params)
        body = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_aliyun(settings):
    server = HTTPServer(("127.0.0.1", 0), _FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}/"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "testid"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "testsecret"
    settings.SMS_ALIYUN_SIGN_NAME = "信用修复培训"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_000001"
    _FakeAliyun.requests = []
    _FakeAliyun.answer = {"Code": "OK", "Message": "OK"}
    yield _FakeAliyun
    server.shutdown()


def test_aliyun_signature_matches_the_documented_example():
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert (
        aliyun_signature(params, secret="testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    )


def test_aliyun_backend_sends_a_signed_sendsms_request(fake_aliyun):
    AliyunBackend().send_code(mobile=MOBILE, code="123456", minutes=5)
    (params,) = fake_aliyun.requests
    assert params["Action"] == "SendSms" and params["PhoneNumbers"] == MOBILE
    assert json.loads(params["TemplateParam"]) == {"code": "123456"}
    assert params["SignName"] == "信用修复培训"
    signature = params.pop("Signature")
    assert aliyun_signature(params, secret="testsecret") == signature


def test_aliyun_refusal_raises(fake_aliyun):
    fake_aliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "limit"}
    with pytest.raises(SmsError, match="BUSINESS_LIMIT_CONTROL"):
        AliyunBackend().send_code(mobile=MOBILE, code="123456", minutes=5)
