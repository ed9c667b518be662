"""Writes to the archive: enterprises, archive numbers, penalties, follow-ups, key
enterprises."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Region, User
from accounts.selectors import region_by_key
from common.audit import audit_record

from .. import selectors
from ..models import ArchiveCounter, Enterprise, FollowUp, PenaltyRecord, Severity

DECISION_DATE_IN_FUTURE = "处罚决定日期：{date} 晚于今天，请核对。"
DUPLICATE_DECISION = (
    "行政处罚决定书文号：处罚机关“{authority}”的“{decision_no}”已录入，不能重复。"
)
UNKNOWN_REGION = (
    "地区编码：“{code}”不存在或在多个城市重复，请使用六位行政区划代码（如 320685）"
    "或 城市代码-两位序号（如 320600-01）。"
)
SURVEY_DATE_REQUIRED = "摸排日期：编排档案编号前须先填写摸排日期。"
SURVEY_DATE_IN_FUTURE = "摸排日期：{date} 晚于今天，请核对。"
SEQUENCE_EXHAUSTED = "档案编号：地区 {code} 的顺序号已用完（最多9999）。"
HELPER_NOT_IN_AGENCY = "一对一帮扶人：须为负责该企业所在地区的信用服务机构的工作人员。"
FOLLOW_UP_IN_FUTURE = "日期：跟进日期不能晚于今天。"

MAX_SEQUENCE = 9999


def region_by_code(*, code: str) -> Region:
    """The region with GB/T 2260 code `code`, or key 320600-01, or a two-digit code
    found in one city only; a ValidationError naming the field otherwise."""
    code = str(code).strip()
    regions = Region.objects.select_related("city")
    region = (
        regions.filter(division_code=code).first()
        if len(code) == 6 and code.isdigit()
        else region_by_key(regions=regions, key=code)
    )
    if region is None:
        raise ValidationError({"region": UNKNOWN_REGION.format(code=code)})
    return region


@transaction.atomic
def enterprise_create(
    *,
    region: Region,
    uscc: str,
    name: str,
    list_received_on: datetime.date | None = None,
    actor: User | None = None,
    **fields,
) -> Enterprise:
    """Create an archived enterprise; a new list's survey is due in 3 working days."""
    enterprise = Enterprise(
        region=region, uscc=uscc.strip(), name=name.strip(), **fields
    )
    enterprise.list_received_on = list_received_on
    if list_received_on:
        enterprise.survey_due_on = selectors.survey_due_date(
            start=list_received_on, region_id=region.pk
        )
    enterprise.full_clean()
    enterprise.save()
    if enterprise.survey_date:
        archive_number_assign(enterprise=enterprise)
    audit_record(actor=actor, action="enterprise.create", obj=enterprise)
    return enterprise


@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, actor: User | None = None, **fields
) -> Enterprise:
    """Update archive fields; numbering follows once a survey date is recorded."""
    survey_date = fields.get("survey_date")
    if survey_date and survey_date > timezone.localdate():
        raise ValidationError(
            {"survey_date": SURVEY_DATE_IN_FUTURE.format(date=survey_date)}
        )
    for name, value in fields.items():
        setattr(enterprise, name, value)
    if "list_received_on" in fields:
        start = fields["list_received_on"]
        enterprise.survey_due_on = (
            selectors.survey_due_date(start=start, region_id=enterprise.region_id)
            if start
            else None
        )
    enterprise.full_clean()
    enterprise.save()
    if enterprise.survey_date and not enterprise.archive_no:
        archive_number_assign(enterprise=enterprise)
    audit_record(
        actor=actor,
        action="enterprise.update",
        obj=enterprise,
        detail={"fields": sorted(fields)},
    )
    return enterprise


def _counter_locked(region: Region) -> ArchiveCounter:
    try:
        with transaction.atomic():
            ArchiveCounter.objects.get_or_create(region=region)
    except IntegrityError:  # another transaction created it first
        pass
    return ArchiveCounter.objects.select_for_update().get(region=region)


@transaction.atomic
def archive_numbers_reserve(*, region: Region, count: int) -> range:
    """Reserve `count` consecutive sequence numbers of `region` (row-locked)."""
    counter = _counter_locked(region)
    first = counter.last_sequence + 1
    last = counter.last_sequence + count
    if last > MAX_SEQUENCE:
        raise ValidationError(
            {"archive_no": SEQUENCE_EXHAUSTED.format(code=region.code)}
        )
    counter.last_sequence = last
    counter.save(update_fields=["last_sequence"])
    return range(first, last + 1)


def archive_number_format(
    *, region: Region, survey_date: datetime.date, seq: int
) -> str:
    """Region code (2) + survey MMDD (4) + sequence in the region (4)."""
    return f"{region.code}{survey_date:%m%d}{seq:04d}"


@transaction.atomic
def archive_number_assign(*, enterprise: Enterprise) -> str:
    """Give `enterprise` its archive number once; unique and gap-free per region."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.archive_no:
        enterprise.archive_no = locked.archive_no
        return locked.archive_no
    if not locked.survey_date:
        raise ValidationError({"survey_date": SURVEY_DATE_REQUIRED})
    (seq,) = archive_numbers_reserve(region=locked.region, count=1)
    number = archive_number_format(
        region=locked.region, survey_date=locked.survey_date, seq=seq
    )
    Enterprise.objects.filter(pk=locked.pk).update(archive_no=number)
    enterprise.archive_no = number
    return number


def penalty_field_errors(
    *, decision_no: str, authority: str, decision_date: datetime.date
) -> dict[str, str]:
    """Checks shared by the form and the list import (future date, duplicate)."""
    errors = {}
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = DECISION_DATE_IN_FUTURE.format(date=decision_date)
    if PenaltyRecord.objects.filter(
        authority=authority.strip(), decision_no=decision_no.strip()
    ).exists():
        errors["decision_no"] = DUPLICATE_DECISION.format(
            authority=authority.strip(), decision_no=decision_no.strip()
        )
    return errors


@transaction.atomic
def penalty_create(
    *,
    enterprise: Enterprise,
    decision_no: str,
    authority: str,
    decision_date: datetime.date,
    content: str,
    severity: str = Severity.GENERAL,
    domain: str = "ordinary",
    facts: str = "",
    legal_basis: str = "",
    actor: User | None = None,
) -> PenaltyRecord:
    """Record a penalty; refuses future dates and a repeated decision number."""
    errors = penalty_field_errors(
        decision_no=decision_no, authority=authority, decision_date=decision_date
    )
    if errors:
        raise ValidationError(errors)
    penalty = PenaltyRecord(
        enterprise=enterprise,
        decision_no=decision_no.strip(),
        authority=authority.strip(),
        decision_date=decision_date,
        content=content.strip(),
        severity=severity,
        domain=domain,
        facts=facts,
        legal_basis=legal_basis,
    )
    penalty.full_clean()
    try:
        with transaction.atomic():
            penalty.save()
    except IntegrityError as exc:  # a concurrent insert of the same number won
        raise ValidationError(
            {
                "decision_no": DUPLICATE_DECISION.format(
                    authority=authority, decision_no=decision_no
                )
            }
        ) from exc
    enterprise_key_refresh(enterprise=enterprise)
    audit_record(actor=actor, action="penalty.create", obj=penalty)
    return penalty


@transaction.atomic
def follow_up_add(
    *,
    enterprise: Enterprise,
    author: User | None,
    note: str,
    kind: str = FollowUp.Kind.OTHER,
    date: datetime.date | None = None,
) -> FollowUp:
    """Append a dated note to the enterprise's follow-up history."""
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": FOLLOW_UP_IN_FUTURE})
    follow_up = FollowUp(
        enterprise=enterprise, author=author, note=note.strip(), kind=kind, date=date
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def key_reason_text(*, times: int, places: int) -> str:
    """Why an enterprise was flagged as a key (high-frequency dishonesty) one."""
    return f"被列为严重失信 {times} 次，涉及 {places} 个处罚机关"


def enterprise_key_refresh(*, enterprise: Enterprise) -> bool:
    """Flag an enterprise named seriously dishonest several times; return the flag."""
    serious = enterprise.penalties.filter(
        severity__in=[Severity.SERIOUS, Severity.SPECIALLY_SERIOUS]
    )
    count = serious.count()
    threshold = selectors.region_rule_profile(
        region_id=enterprise.region_id
    ).key_min_serious_records
    if count >= threshold and not enterprise.is_key:
        places = serious.values("authority").distinct().count()
        enterprise.is_key = True
        enterprise.key_reason = key_reason_text(times=count, places=places)
        Enterprise.objects.filter(pk=enterprise.pk).update(
            is_key=True, key_reason=enterprise.key_reason
        )
    return enterprise.is_key


@transaction.atomic
def enterprise_key_assign(
    *,
    enterprise: Enterprise,
    helper: User,
    actor: User | None = None,
    reason: str = "",
) -> Enterprise:
    """Mark a key enterprise and give it a one-to-one helper from its agency."""
    serves = (
        helper.is_trainer
        and helper.agency_id
        and helper.agency.regions.filter(pk=enterprise.region_id).exists()
    )
    if not serves:
        raise ValidationError({"key_helper": HELPER_NOT_IN_AGENCY})
    enterprise.is_key = True
    enterprise.key_helper = helper
    if reason:
        enterprise.key_reason = reason.strip()
    enterprise.save(update_fields=["is_key", "key_helper", "key_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="enterprise.key_assign",
        obj=enterprise,
        detail={"helper": helper.pk},
    )
    return enterprise
