"""Writing audit entries; every service that changes or exposes data calls this.

ACTIONS is the one table of audit action names: dotted, each with its Chinese label
(translated to English through the catalog). `common/tests/test_audit_actions.py`
fails when code records an action that is not in it.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

ACTIONS: dict[str, str] = {
    # sign-in and accounts (security events)
    "auth.login": _("登录"),
    "auth.login_failed": _("登录失败"),
    "auth.lockout": _("登录失败次数过多，账号锁定"),
    "auth.logout": _("退出登录"),
    "auth.session_expired": _("长时间未操作，会话过期"),
    "auth.password_change": _("修改密码"),
    "auth.password_reset": _("重置密码"),
    "auth.code_sent": _("发送验证码"),
    "auth.code_failed": _("验证码错误"),
    "auth.otp_failed": _("动态口令错误"),
    "auth.otp_device_add": _("绑定动态口令"),
    "auth.unlock": _("解除登录锁定"),
    "account.register": _("注册账号"),
    # claiming an enterprise
    "claim.request": _("提交企业认领申请"),
    "claim.approve": _("通过企业认领申请"),
    "claim.reject": _("驳回企业认领申请"),
    "claim.sms": _("短信验证认领企业"),
    "claim.licence": _("查看认领申请的营业执照"),
    "invitation.create": _("生成代表邀请链接"),
    "invitation.accept": _("接受代表邀请"),
    # archive
    "enterprise.create": _("新建企业档案"),
    "enterprise.update": _("修改企业档案"),
    "enterprise.view": _("查看企业档案"),
    "enterprise.export": _("导出企业档案"),
    "enterprise.import": _("导入治理名单"),
    "enterprise.key_assign": _("设置重点企业"),
    "enterprise.archive_sheet": _("下载档案表"),
    "penalty.create": _("录入行政处罚"),
    "reminder_letter.issue": _("出具提醒函"),
    "reminder_letter.confirm": _("确认收到提醒函"),
    "reminder_letter.download": _("下载提醒函"),
    # programmes, sessions, enrolment, letters, live sign-in
    "programme.create": _("创建培训项目"),
    "plan_line.create": _("创建计划行"),
    "plan_line.quota_raise": _("提高计划名额"),
    "session.create": _("创建培训场次"),
    "session.update": _("修改培训场次"),
    "session.publish": _("发布场次报名"),
    "session.close_enrolment": _("截止场次报名"),
    "session.reopen_enrolment": _("重新开放场次报名"),
    "session.go_live": _("开始培训"),
    "session.finish": _("结束培训"),
    "enrolment.create": _("报名培训"),
    "enrolment.promote": _("候补转为报名"),
    "enrolment.cancel": _("取消报名"),
    "letter.sign": _("签署承诺书"),
    "letter.download": _("下载承诺书"),
    "repair_form.download": _("下载信用修复申请表"),
    "live.signin_open": _("开启签到"),
    "live.signin_close": _("关闭签到"),
    "live.signout_open": _("开启签退"),
    "live.signout_close": _("关闭签退"),
    "live.attendance_manual": _("手工记录出勤"),
    # exams
    "exams.question_export": _("导出题库"),
    "exams.results_export": _("导出考试成绩"),
    # certificates and repair
    "certificate.issue": _("签发结业证明"),
    "certificate.reissue": _("补发结业证明"),
    "certificate.revoke": _("撤销结业证明"),
    "certificate.revoke_for_reissue": _("撤销结业证明以便补发"),
    "certificate.batch_issue": _("批量签发结业证明"),
    "certificate.seal_upload": _("上传机构印章"),
    "certificate.download": _("下载结业证明"),
    "certificate.bundle_download": _("下载修复材料包"),
    "certificate.session_zip": _("下载场次证明压缩包"),
    "certificate_batch.zip": _("发起场次证明打包"),
    "certificate_batch.issue": _("发起一键出具并打包"),
    "courses.review_group.set": _("设置课程内容审核组"),
    "penalty.decision_record": _("录入行政处罚决定并送达提醒函"),
    "repair_application.set": _("更新修复申请状态"),
    "repair.prepare": _("修复申请：材料已准备"),
    "repair.submit": _("修复申请：已提交"),
    "repair.approve": _("修复申请：审核通过"),
    "repair.reject": _("修复申请：未通过"),
    "repair_proof.issue": _("出具修复证明"),
    "repair_proof.revoke": _("撤销修复证明"),
    "repair_proof.download": _("下载修复证明"),
    # offices' reports
    "reports.list.attendance": _("查看出勤名单"),
    "reports.list.pass": _("查看考试合格名单"),
    "reports.export.attendance": _("导出出勤名单"),
    "reports.export.pass": _("导出考试合格名单"),
    "reports.export.agency_report": _("导出机构报告"),
    "reports.governance.exit": _("查看退出类企业"),
    "reports.governance.help": _("查看帮扶类企业"),
    "reports.governance.constrain": _("查看约束类企业"),
    "reports.feedback.submit": _("提交培训反馈"),
    "reports.feedback.session": _("查看场次反馈"),
    "reports.feedback.agency": _("查看机构反馈"),
    "audit.export": _("导出审计日志"),
    # demo app
    "demo.view": _("查看演示数据"),
    "demo.export": _("导出演示数据"),
}


# Labels of the detail keys the log page shows (others show by their key).
DETAIL_LABELS: dict[str, str] = {
    "reason": _("原因"),
    "minutes": _("分钟"),
    "before": _("修改前"),
    "serial": _("编号"),
    "method": _("方式"),
    "status": _("状态"),
    "region": _("地区"),
    "mobile": _("手机号码"),
    "username": _("账号"),
}
HIDDEN_DETAIL_KEYS = frozenset({"path", "query"})


def detail_items(detail: dict) -> list[tuple[str, str]]:
    """An entry's detail as (label, value) pairs for the log page."""
    return [
        (str(DETAIL_LABELS.get(key, key)), str(value))
        for key, value in (detail or {}).items()
        if key not in HIDDEN_DETAIL_KEYS and value not in ("", None)
    ]


def action_label(action: str) -> str:
    """The Chinese (or, under English, the translated) label of an action name."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def _trusted_hops() -> int:
    return max(0, int(getattr(settings, "TRUSTED_PROXY_HOPS", 0)))


def ip_from(*, remote_addr: str | None, forwarded_for: str | None) -> str | None:
    """The client's address, given the socket peer and the X-Forwarded-For header.

    With TRUSTED_PROXY_HOPS = n, the n proxies in front of the app each appended the
    address they saw, so the client is the n-th entry from the right; anything left
    of it was written by the client and is ignored. With 0 the header is ignored.
    """
    hops = _trusted_hops()
    address = remote_addr
    if hops and forwarded_for:
        chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if chain:
            address = chain[-hops] if len(chain) >= hops else chain[0]
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: the socket peer, or behind TRUSTED_PROXY_HOPS proxies
    the address they recorded in X-Forwarded-For. Audit entries and rate limits use it.
    """
    if request is None:
        return None
    return ip_from(
        remote_addr=request.META.get("REMOTE_ADDR"),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR"),
    )


def scope_client_ip(scope: dict) -> str | None:
    """client_ip for a Channels (ASGI) scope: its peer and its headers."""
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1") or None
    peer = (scope.get("client") or [None])[0]
    return ip_from(remote_addr=peer, forwarded_for=forwarded)


def audit_record(
    *,
    actor,
    action: str,
    kind: str = AuditEntry.Kind.CHANGE,
    obj: models.Model | None = None,
    scope: str = "",
    detail: dict | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit log."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        scope=scope[:200],
        detail=detail or {},
        ip_address=ip_address,
    )


def audit_request(
    request,
    *,
    action: str,
    kind: str = AuditEntry.Kind.VIEW,
    obj: models.Model | None = None,
    scope: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Record what `request.user` viewed or exported, with the path, query and IP."""
    detail = {"path": request.path, **(detail or {})}
    if request.GET:
        detail["query"] = request.GET.urlencode()[:500]
    return audit_record(
        actor=request.user,
        action=action,
        kind=kind,
        obj=obj,
        scope=scope,
        detail=detail,
        ip_address=client_ip(request),
    )


def audit_download(request, *, action: str, obj: models.Model) -> AuditEntry:
    """Record that `request.user` downloaded a document about `obj`."""
    return audit_request(request, action=action, kind=AuditEntry.Kind.DOWNLOAD, obj=obj)


def audits_view(*, action: str, kind: str = AuditEntry.Kind.VIEW, scope=None):
    """Decorate a view that shows personal data (or exports it) so every successful
    answer is logged. `scope` is a string or a callable(request, **kwargs) -> str.

    Out-of-scope requests raise Http404 before anything is recorded.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                label = scope(request, **kwargs) if callable(scope) else scope or ""
                audit_request(
                    request,
                    action=action,
                    kind=kind,
                    scope=label,
                    detail={k: str(v) for k, v in kwargs.items()},
                )
            return response

        return wrapper

    return decorator


def audit_prune(*, now=None) -> int:
    """Delete the entries older than AUDIT_RETENTION_DAYS (never under 180 days);
    the only way entries leave the log. Returns how many were deleted."""
    from datetime import timedelta

    from django.utils import timezone

    days = max(180, int(getattr(settings, "AUDIT_RETENTION_DAYS", 365)))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = AuditEntry.objects.filter(created_at__lt=cutoff).prune()
    return deleted
