"""Writing audit entries; every service that changes or exposes data calls this."""

from functools import wraps

from django.db import models

from .models import AuditEntry


def client_ip(request) -> str | None:
    """The client's address as Django sees it (behind a proxy, set it up there)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
