"""Searching the audit log (city office)."""

import datetime

from django.db.models import Q, QuerySet

from common.models import AuditEntry


def audit_search(
    *,
    actor: str = "",
    action: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries matching the filters, newest first."""
    qs = AuditEntry.objects.select_related("actor")
    if actor:
        qs = qs.filter(
            Q(actor__username__icontains=actor) | Q(actor__real_name__icontains=actor)
        )
    if action:
        qs = qs.filter(action__icontains=action)
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")
