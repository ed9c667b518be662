"""Writing a checked governance list: preview batches and the all-or-nothing commit."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Region, User
from common.audit import audit_record

from .. import selectors
from ..importing import ENTERPRISE_KEYS, RowError, check_rows, parse_file
from ..models import Enterprise, ImportBatch, PenaltyRecord, Severity
from .archive import key_reason_text

IMPORT_NOT_ALLOWED = "只有县（市、区）信用办（本地区）和市信用办可以导入名单。"
IMPORT_HAS_ERRORS = "文件有 {count} 处错误，未导入任何数据。"
BATCH_ALREADY_COMMITTED = "该批次已导入，无需重复确认。"

_ENTERPRISE_FIELDS = [k for k in ENTERPRISE_KEYS if k != "uscc"]
_PENALTY_FIELDS = ["enterprise_id", "decision_date", "content", "severity", "domain"]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    penalties_created: int = 0
    penalties_updated: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def message(self) -> str:
        return (
            f"导入完成：新建 {self.created} 家，更新 {self.updated} 家，"
            f"未变 {self.unchanged} 家；处罚记录新建 {self.penalties_created} 条，"
            f"更新 {self.penalties_updated} 条。"
        )


def import_allowed(*, user: User, region: Region) -> bool:
    """County offices import for their own region; the city office for its city's."""
    if user.is_platform_admin:
        return True
    if user.is_city_office:
        return bool(user.office and user.office.city_id == region.city_id)
    return bool(
        user.is_county_office and user.office and user.office.region_id == region.pk
    )


def _check_allowed(user: User | None, region: Region) -> None:
    if user is not None and not import_allowed(user=user, region=region):
        raise PermissionDenied(IMPORT_NOT_ALLOWED)


@transaction.atomic
def import_preview(
    *, region: Region, filename: str, data: bytes, actor: User
) -> ImportBatch:
    """Check a file and keep its clean rows and errors for the preview page."""
    _check_allowed(actor, region)
    parsed = parse_file(region=region, filename=filename, data=data)
    return ImportBatch.objects.create(
        region=region,
        uploaded_by=actor,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=parsed.rows,
        errors=[e.as_dict() for e in parsed.errors],
    )


@transaction.atomic
def import_batch_commit(*, batch: ImportBatch, actor: User) -> ImportSummary:
    """Write a previewed batch; it is checked again, and nothing is written on error."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_allowed(actor, batch.region)
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ValidationError({"file": BATCH_ALREADY_COMMITTED})
    rows = batch.rows
    errors: list[RowError] = []
    check_rows(region=batch.region, rows=rows, errors=errors)
    if errors or batch.errors:
        raise ValidationError(
            {"file": IMPORT_HAS_ERRORS.format(count=len(errors) or len(batch.errors))}
        )
    summary = import_rows(region=batch.region, rows=rows, actor=actor)
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = timezone.now()
    batch.summary = summary.as_dict()
    batch.save(update_fields=["status", "committed_at", "summary"])
    return summary


def _as_date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def enterprises_import(
    *,
    region: Region,
    filename: str,
    data: bytes,
    actor: User | None = None,
    dry_run: bool = False,
) -> tuple[ImportSummary | None, list[RowError]]:
    """Check and (unless dry_run or any error) import a file in one transaction."""
    _check_allowed(actor, region)
    parsed = parse_file(region=region, filename=filename, data=data)
    if parsed.errors or dry_run:
        return None, parsed.errors
    with transaction.atomic():
        summary = import_rows(region=region, rows=parsed.rows, actor=actor)
    return summary, []


def _chunks(items: list, size: int = 900):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _due_dates(rows: list[dict], days: int) -> dict[datetime.date, datetime.date]:
    starts = {_as_date(r["list_received_on"]) for r in rows if r["list_received_on"]}
    return {s: selectors.working_day_after(start=s, days=days) for s in starts}


@transaction.atomic
def import_rows(
    *, region: Region, rows: list[dict], actor: User | None = None
) -> ImportSummary:
    """Upsert clean rows by USCC and (authority, decision number): never duplicates."""
    summary = ImportSummary()
    first: dict[str, dict] = {}
    for row in rows:
        first.setdefault(row["uscc"], row)
    existing: dict[str, Enterprise] = {}
    for chunk in _chunks(list(first)):
        existing.update((e.uscc, e) for e in Enterprise.objects.filter(uscc__in=chunk))
    rules = selectors.region_rule_profile(region_id=region.pk)
    due = _due_dates(list(first.values()), rules.survey_working_days)
    new, changed = [], []
    for uscc, row in first.items():
        values = {k: row[k] for k in _ENTERPRISE_FIELDS}
        values["list_received_on"] = _as_date(values["list_received_on"])
        enterprise = existing.get(uscc)
        if enterprise is None:
            enterprise = Enterprise(uscc=uscc, region=region, **values)
            enterprise.survey_due_on = due.get(values["list_received_on"])
            new.append(enterprise)
            continue
        diff = {k: v for k, v in values.items() if getattr(enterprise, k) != v}
        if "list_received_on" in diff:
            diff["survey_due_on"] = due.get(values["list_received_on"])
        if diff:
            for k, v in diff.items():
                setattr(enterprise, k, v)
            changed.append(enterprise)
        else:
            summary.unchanged += 1
    Enterprise.objects.bulk_create(new, batch_size=500)
    fields = [*_ENTERPRISE_FIELDS, "survey_due_on", "updated_at"]
    now = timezone.now()
    for e in changed:
        e.updated_at = now
    Enterprise.objects.bulk_update(changed, fields, batch_size=500)
    summary.created, summary.updated = len(new), len(changed)
    ids = {e.uscc: e.pk for e in new}
    ids.update((u, e.pk) for u, e in existing.items())
    _import_penalties(rows, ids, summary)
    _flag_key_enterprises(list(ids.values()), rules.key_min_serious_records)
    audit_record(
        actor=actor,
        action="enterprise.import",
        scope=f"region:{region.code}",
        detail={"rows": len(rows), **summary.as_dict()},
    )
    return summary


def _import_penalties(rows: list[dict], ids: dict[str, int], summary) -> None:
    wanted = {(r["authority"], r["decision_no"]): r for r in rows if r["decision_no"]}
    existing: dict[tuple[str, str], PenaltyRecord] = {}
    numbers = list({k[1] for k in wanted})
    for chunk in _chunks(numbers):
        for p in PenaltyRecord.objects.filter(decision_no__in=chunk):
            existing[(p.authority, p.decision_no)] = p
    new, changed = [], []
    for key, row in wanted.items():
        values = {
            "enterprise_id": ids[row["uscc"]],
            "decision_date": _as_date(row["decision_date"]),
            "content": row["content"],
            "severity": row["severity"] or Severity.GENERAL,
            "domain": row["domain"],
        }
        penalty = existing.get(key)
        if penalty is None:
            new.append(PenaltyRecord(authority=key[0], decision_no=key[1], **values))
        elif any(getattr(penalty, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(penalty, k, v)
            changed.append(penalty)
    PenaltyRecord.objects.bulk_create(new, batch_size=500)
    PenaltyRecord.objects.bulk_update(changed, _PENALTY_FIELDS, batch_size=500)
    summary.penalties_created, summary.penalties_updated = len(new), len(changed)


def _flag_key_enterprises(enterprise_ids: list[int], threshold: int) -> None:
    serious = [Severity.SERIOUS, Severity.SPECIALLY_SERIOUS]
    for chunk in _chunks(enterprise_ids):
        flagged = (
            PenaltyRecord.objects.filter(enterprise_id__in=chunk, severity__in=serious)
            .values("enterprise_id")
            .annotate(n=Count("id"), places=Count("authority", distinct=True))
            .filter(n__gte=threshold)
        )
        for item in flagged:
            Enterprise.objects.filter(pk=item["enterprise_id"], is_key=False).update(
                is_key=True,
                key_reason=key_reason_text(times=item["n"], places=item["places"]),
            )
