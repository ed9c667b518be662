"""Writing audit entries; every service that changes or exposes data calls this."""

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
