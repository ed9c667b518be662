"""Office profiles for official documents: place names, letterheads, 文号, seals."""

import base64
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import CreditOffice, DocumentNumberCounter, OfficeProfile


def province_name() -> str:
    """The deployment's province, full name (settings.PLATFORM_PROVINCE)."""
    return settings.PLATFORM_PROVINCE


def province_short() -> str:
    """The province without its 省 suffix, as the seed's 「被  省」 blank wants."""
    return province_name().removesuffix("省")


def office_profile(office: CreditOffice) -> OfficeProfile:
    """The office's profile, an unsaved default when it has none yet."""
    try:
        return office.profile
    except OfficeProfile.DoesNotExist:
        return OfficeProfile(office=office)


def office_letterhead(office: CreditOffice) -> str:
    """The red issuing-authority name printed at the top of the office's letters."""
    return office_profile(office).letterhead or office.name


def office_seal_data_uri(office: CreditOffice) -> str | None:
    """The office's seal image inlined for PDFs, or None (then 「（盖章）」 prints)."""
    profile = office_profile(office)
    if not profile.seal:
        return None
    try:
        with profile.seal.open("rb") as image:
            data = image.read()
    except (OSError, ValueError):
        return None
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def document_number_format(office: CreditOffice, year: int, sequence: int) -> str:
    """GB/T 9704 发文字号: 机关代字〔年份〕序号号, the year in hexagonal brackets."""
    prefix = office_profile(office).number_prefix or office.name
    return f"{prefix}〔{year}〕{sequence}号"


@transaction.atomic
def document_number_next(
    *, office: CreditOffice, on: datetime.date | None = None
) -> str:
    """The office's next document number of the year; concurrent callers never share
    one (the year's counter row is locked until the caller's transaction ends)."""
    year = (on or timezone.localdate()).year
    try:
        with transaction.atomic():
            DocumentNumberCounter.objects.get_or_create(office=office, year=year)
    except IntegrityError:  # another transaction created it first
        pass
    counter = DocumentNumberCounter.objects.select_for_update().get(
        office=office, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return document_number_format(office, year, counter.last)
