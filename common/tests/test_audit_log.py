"""The audit log: one table of action names, client IP behind a proxy, append-only,
retention, security events of sign-in."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from common.audit import ACTIONS, action_label, audit_prune, audit_record, client_ip
from common.models import AuditEntry, AuditImmutableError
from tests.factories import CityOfficerFactory, CountyOfficerFactory

AUDIT_CALLS = {"audit_record", "audit_request", "audits_view", "audit_download"}
ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "staticfiles", "test-artifacts"}


def _recorded_actions():
    """Every action= literal (or f-string prefix) passed to an audit helper."""
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts) or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in AUDIT_CALLS:
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant):
                    yield path, value.value, False
                elif isinstance(value, ast.JoinedStr):
                    prefix = value.values[0]
                    if isinstance(prefix, ast.Constant):
                        yield path, prefix.value, True
                elif isinstance(value, ast.IfExp):
                    for branch in (value.body, value.orelse):
                        if isinstance(branch, ast.Constant):
                            yield path, branch.value, False


def test_every_recorded_action_is_in_the_one_table():
    found = list(_recorded_actions())
    assert len(found) > 30
    for path, name, is_prefix in found:
        if is_prefix:
            assert any(key.startswith(name) for key in ACTIONS), (path, name)
        else:
            assert name in ACTIONS, f"{path}: {name} is not in common.audit.ACTIONS"


def test_action_names_are_dotted_and_labelled_in_chinese():
    for name, label in ACTIONS.items():
        assert "." in name and name == name.lower(), name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(label)), name
    assert action_label("live.attendance_manual") == "手工记录出勤"


@override_settings(TRUSTED_PROXY_HOPS=1)
def test_client_ip_comes_from_one_trusted_hop_and_ignores_a_forged_header():
    # nginx appends the address it saw to whatever the client sent.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_HOPS=0)
def test_without_a_trusted_proxy_the_header_is_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert client_ip(request) == "198.51.100.2"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_HOPS=1)
def test_login_failure_and_logout_are_audited_with_the_forwarded_ip(client):
    user = CountyOfficerFactory(username="county77")
    headers = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9",
    }
    url = reverse("accounts:login")
    client.post(url, {"username": "county77", "password": "wrong"}, **headers)
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert (failed.scope, failed.ip_address, failed.kind) == (
        "county77",
        "203.0.113.9",
        "security",
    )
    client.post(url, {"username": "county77", "password": "pass-1234"}, **headers)
    login = AuditEntry.objects.get(action="auth.login")
    assert (login.actor, login.ip_address) == (user, "203.0.113.9")
    client.post(reverse("accounts:logout"), **headers)
    assert AuditEntry.objects.get(action="auth.logout").actor == user


@pytest.mark.django_db
def test_password_change_is_audited(client):
    user = CountyOfficerFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass-1234",
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="auth.password_change").actor == user


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted():
    entry = audit_record(actor=None, action="auth.login_failed")
    entry.scope = "x"
    with pytest.raises(AuditImmutableError):
        entry.save()
    with pytest.raises(AuditImmutableError):
        entry.delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().scope == ""


@pytest.mark.django_db
def test_admin_cannot_change_or_delete_entries(admin_client):
    entry = audit_record(actor=None, action="auth.login_failed")
    url = reverse("admin:common_auditentry_delete", args=[entry.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
@override_settings(AUDIT_RETENTION_DAYS=30)
def test_retention_never_drops_below_180_days():
    old = audit_record(actor=None, action="auth.login_failed")
    AuditEntry.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=181)
    )
    recent = audit_record(actor=None, action="auth.login_failed")
    AuditEntry.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=179)
    )
    assert audit_prune() == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_log_page_shows_chinese_labels_and_detail_and_exports(client):
    city = CityOfficerFactory()
    audit_record(
        actor=city,
        action="live.attendance_manual",
        detail={"minutes": 180, "reason": "网络中断，现场核实"},
    )
    client.force_login(city)
    html = client.get(reverse("reports:audit")).content.decode()
    assert "手工记录出勤" in html
    assert "原因：网络中断，现场核实" in html
    response = client.get(reverse("reports:audit_export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "手工记录出勤" in body and "网络中断，现场核实" in body
    assert AuditEntry.objects.filter(action="audit.export", actor=city).exists()
