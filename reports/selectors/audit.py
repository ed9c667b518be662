"""Searching the audit log (city and provincial offices)."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.selectors import user_scope
from common.models import AuditEntry
from enterprises.models import Enterprise


def _city_entries(city_id: int) -> Q:
    """Entries of a city: by its offices, enterprises and authorities, or about one
    of its enterprises (the entry's scope is the enterprise's USCC)."""
    usccs = Enterprise.objects.filter(region__city_id=city_id).values("uscc")
    return (
        Q(actor__office__city_id=city_id)
        | Q(actor__enterprise__region__city_id=city_id)
        | Q(actor__authority__city_id=city_id)
        | Q(scope__in=usccs)
    )


def audit_search(
    *,
    user: User | None = None,
    actor: str = "",
    action: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries matching the filters, newest first; a city office's reader
    sees its own city's entries only."""
    qs = AuditEntry.objects.select_related("actor")
    if user is not None:
        scope = user_scope(user=user)
        if not scope.all_regions:
            qs = qs.filter(_city_entries(scope.city_id or 0))
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
