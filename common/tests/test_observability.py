"""Request IDs, JSON logs and mail configured through EMAIL_URL."""

import json
import logging
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from common.observability import JsonFormatter, RequestIdFilter, current_request_id

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_sane_one_is_kept(client):
    generated = client.get("/verify/")["X-Request-ID"]
    kept = client.get("/verify/", HTTP_X_REQUEST_ID="nginx-4f2a9c01")["X-Request-ID"]
    hostile = client.get("/verify/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")

    assert len(generated) == 32 and generated != client.get("/verify/")["X-Request-ID"]
    assert kept == "nginx-4f2a9c01"
    assert hostile["X-Request-ID"] != "x\r\nSet-Cookie: a=b"
    assert current_request_id() == "-"  # nothing leaks out of the request


def test_json_log_line_has_level_logger_message_and_request_id():
    record = logging.LogRecord(
        "exams", logging.WARNING, __file__, 1, "交卷 %s", (7,), None
    )
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line["level"] == "WARNING" and line["logger"] == "exams"
    assert line["message"] == "交卷 7"
    assert line["request_id"] == "-"


class _SMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message and keep its text."""

    received: list[str] = []

    def _say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self._say("220 test ESMTP")
        while line := self.rfile.readline().decode(errors="replace"):
            verb = line[:4].upper()
            if verb == "DATA":
                self._say("354 go ahead")
                body = []
                while (data := self.rfile.readline().decode()) != ".\r\n":
                    body.append(data)
                self.received.append("".join(body))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            elif verb in ("EHLO", "HELO"):
                self._say("250 test")
            else:
                self._say("250 ok")


SEND = (
    "from django.core.mail import send_mail;"
    "from django.conf import settings;"
    "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT);"
    "send_mail('开课提醒', '明天九点开课', 'noreply@xyxf.example', ['rep@example.cn'])"
)


def test_email_url_sends_through_that_smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SEND],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()

    assert done.returncode == 0, done.stderr
    assert f"smtp.EmailBackend 127.0.0.1 {port}" in done.stdout
    assert len(_SMTP.received) == 1
    assert "rep@example.cn" in _SMTP.received[0]
