"""Sending SMS: the backend named by SMS_BACKEND.

- `accounts.sms.OutboxBackend` (default): writes each message to the log and appends
  it as one JSON line to SMS_OUTBOX_PATH, where the demo and the tests read codes.
- `accounts.sms.AliyunBackend`: Alibaba Cloud SMS (Dysmsapi `SendSms`, RPC API with
  HMAC-SHA1 signature) at SMS_ALIYUN_ENDPOINT; needs SMS_ALIYUN_ACCESS_KEY_ID,
  SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_ALIYUN_SIGN_NAME and SMS_ALIYUN_TEMPLATE_CODE (a
  template with one `${code}` parameter).
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import uuid
from pathlib import Path
from urllib.error import URLError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SMS_SEND_FAILED = "短信发送失败，请稍后再试。"


class SmsError(Exception):
    """The provider refused or could not be reached."""


def code_text(*, code: str, minutes: int) -> str:
    """The message body the outbox shows (providers use their own template)."""
    return (
        f"【{settings.SMS_SIGN_NAME}】您的验证码为 {code}，{minutes} 分钟内有效。"
        "请勿告诉他人；如非本人操作，请忽略本短信。"
    )


class OutboxBackend:
    """Development and tests: the log plus a JSON-lines outbox file."""

    def send_code(self, *, mobile: str, code: str, minutes: int) -> None:
        text = code_text(code=code, minutes=minutes)
        logger.info("SMS to %s: %s", mobile, text)
        path = Path(settings.SMS_OUTBOX_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "to": mobile,
            "code": code,
            "text": text,
            "at": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        with path.open("a", encoding="utf-8") as outbox:
            outbox.write(json.dumps(record, ensure_ascii=False) + "\n")


def outbox_messages(*, mobile: str | None = None) -> list[dict]:
    """The outbox's messages, oldest first (for `mobile` only, if given)."""
    path = Path(settings.SMS_OUTBOX_PATH)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    messages = [json.loads(line) for line in lines if line.strip()]
    return [m for m in messages if mobile is None or m["to"] == mobile]


def _percent(value: str) -> str:
    """Aliyun's POP percent-encoding (RFC 3986, '~' kept, space as %20)."""
    return quote(value, safe="~")


def aliyun_signature(params: dict[str, str], *, secret: str, method: str = "GET"):
    """The Signature parameter of an Aliyun RPC-style request."""
    canonical = "&".join(
        f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items())
    )
    to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    """Alibaba Cloud SMS (dysmsapi 2017-05-25, SendSms)."""

    def send_code(self, *, mobile: str, code: str, minutes: int) -> None:
        params = {
            "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": mobile,
            "RegionId": settings.SMS_ALIYUN_REGION,
            "SignName": settings.SMS_ALIYUN_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": settings.SMS_ALIYUN_TEMPLATE_CODE,
            "TemplateParam": json.dumps({"code": code}),
            "Timestamp": datetime.datetime.now(datetime.UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "Version": "2017-05-25",
        }
        params["Signature"] = aliyun_signature(
            params, secret=settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        )
        url = settings.SMS_ALIYUN_ENDPOINT.rstrip("/") + "/?" + urlencode(params)
        try:
            with urlopen(url, timeout=settings.SMS_TIMEOUT_SECONDS) as response:  # noqa: S310 (https endpoint from settings)
                body = json.loads(response.read().decode("utf-8"))
        except (URLError, OSError, ValueError) as exc:
            raise SmsError(str(exc)) from exc
        if body.get("Code") != "OK":
            raise SmsError(f"{body.get('Code')}: {body.get('Message')}")


def sms_backend():
    """An instance of the configured SMS_BACKEND."""
    return import_string(settings.SMS_BACKEND)()
