"""Reads about users and what each role may see."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Agency, City, CreditOffice, Notice, Region, User


@dataclass(frozen=True)
class Scope:
    """What a user may see: every region, some regions, or one enterprise.

    A city office's `region_ids` are its city's regions and `city_id` its city (for
    what hangs off the city rather than a region: programmes, sector plan lines).
    A penalty authority sees only its own decisions (`authority_id`).
    """

    all_regions: bool = False
    region_ids: frozenset[int] = frozenset()
    enterprise_id: int | None = None
    agency_id: int | None = None
    city_id: int | None = None
    authority_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.all_regions
            or self.region_ids
            or self.enterprise_id
            or self.authority_id
        )

    def sees_city(self, city_id: int | None) -> bool:
        """Whether everything of city `city_id` is in this scope."""
        return self.all_regions or (city_id is not None and city_id == self.city_id)


def _enterprise_scope(user: User) -> Scope:
    return Scope(enterprise_id=user.enterprise_id)


def _trainer_scope(user: User) -> Scope:
    if not user.agency_id:
        return Scope()
    ids = Region.objects.filter(agencies=user.agency_id).values_list("id", flat=True)
    return Scope(region_ids=frozenset(ids), agency_id=user.agency_id)


def _county_scope(user: User) -> Scope:
    region_id = user.office.region_id if user.office_id else None
    return Scope(region_ids=frozenset([region_id]) if region_id else frozenset())


def _city_scope(user: User) -> Scope:
    city_id = user.office.city_id if user.office_id else None
    if city_id is None:
        return Scope()
    ids = Region.objects.filter(city_id=city_id).values_list("id", flat=True)
    return Scope(region_ids=frozenset(ids), city_id=city_id)


def _authority_scope(user: User) -> Scope:
    return Scope(authority_id=user.authority_id)


def _all_scope(user: User) -> Scope:
    return Scope(all_regions=True)


_SCOPES = {
    User.Role.ENTERPRISE: _enterprise_scope,
    User.Role.TRAINER: _trainer_scope,
    User.Role.COUNTY_OFFICE: _county_scope,
    User.Role.CITY_OFFICE: _city_scope,
    User.Role.PROVINCE_OFFICE: _all_scope,
    User.Role.PENALTY_AUTHORITY: _authority_scope,
    User.Role.ADMIN: _all_scope,
}


def user_scope(*, user: User) -> Scope:
    """Return the scope of what `user` may see, decided by role."""
    if not user.is_authenticated:
        return Scope()
    if user.is_superuser:
        return Scope(all_regions=True)
    # Worked out once per user object (one request), unless its links change.
    key = (
        user.role,
        user.office_id,
        user.agency_id,
        user.enterprise_id,
        user.authority_id,
    )
    cached = getattr(user, "_scope_cache", None)
    if cached is None or cached[0] != key:
        cached = (key, _SCOPES[user.role](user))
        user._scope_cache = cached
    return cached[1]


def region_list(*, user: User) -> QuerySet[Region]:
    """Regions visible to `user`; an enterprise sees its own enterprise's region."""
    scope = user_scope(user=user)
    regions = Region.objects.select_related("city")
    if scope.all_regions:
        return regions
    if scope.enterprise_id:
        return regions.filter(enterprises=scope.enterprise_id)
    return regions.filter(id__in=scope.region_ids)


def region_by_key(*, regions: QuerySet[Region], key: str) -> Region | None:
    """The region of `regions` named by its key (320600-01), or by its bare
    two-digit code where that is unambiguous among `regions`; else None."""
    city_code, _, code = key.strip().rpartition("-")
    found = regions.filter(code=code)
    if city_code:
        found = found.filter(city__code=city_code)
    matches = list(found[:2])
    return matches[0] if len(matches) == 1 else None


def agency_list(*, user: User) -> QuerySet[Agency]:
    """Agencies visible to `user`: its own, or those serving its regions."""
    scope = user_scope(user=user)
    if scope.all_regions:
        return Agency.objects.all()
    if scope.agency_id:
        return Agency.objects.filter(id=scope.agency_id)
    if scope.city_id:  # serving its regions, or running a line of its programmes
        ids = Agency.objects.filter(
            Q(regions__city_id=scope.city_id)
            | Q(plan_lines__programme__city_id=scope.city_id)
        ).values("id")
        return Agency.objects.filter(id__in=ids)
    return Agency.objects.filter(regions__in=region_list(user=user)).distinct()


def city_list(*, user: User) -> QuerySet[City]:
    """Cities `user` may see whole: every city for the province, its own for a city
    office; none for anyone else."""
    scope = user_scope(user=user)
    if scope.all_regions:
        return City.objects.all()
    return City.objects.filter(id=scope.city_id or 0)


def city_office_for(*, city_id: int) -> CreditOffice | None:
    """The city office of a city: in whose name its documents are issued."""
    return (
        CreditOffice.objects.filter(level=CreditOffice.Level.CITY, city_id=city_id)
        .order_by("id")
        .first()
    )


def representative_list(*, enterprise_id: int) -> QuerySet[User]:
    """The active representative accounts of an enterprise: whom its news reaches."""
    return User.objects.filter(
        enterprise_id=enterprise_id, role=User.Role.ENTERPRISE, is_active=True
    )


def notice_list(*, user: User, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's own in-site notices, newest first."""
    qs = Notice.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs
