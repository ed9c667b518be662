"""Reads of the enterprise archive, always scoped by the reader's role."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import user_scope

from .models import Enterprise


def enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    """Enterprises `user` may see: all, those of its regions, or its own."""
    scope = user_scope(user=user)
    qs = Enterprise.objects.select_related("region")
    if scope.all_regions:
        return qs
    if scope.enterprise_id:
        return qs.filter(id=scope.enterprise_id)
    return qs.filter(region_id__in=scope.region_ids)


def enterprise_get(*, user: User, pk: int) -> Enterprise:
    """One enterprise in `user`'s scope; anything else is a 404."""
    return get_object_or_404(enterprise_list(user=user), pk=pk)
