"""规则变更记录: who changed the repair rules, the holiday calendar or a plan line,
when, and each field from what to what (django-simple-history)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from simple_history.utils import get_m2m_reverse_field_name

from enrollment.models import PlanLine
from enterprises.models import CalendarDay, DomainPublicity, RuleProfile, SeverityRule

# The tables whose history the page shows, keyed by the ?table= filter value.
RULE_TABLES: dict[str, type[models.Model]] = {
    "rule_profile": RuleProfile,
    "severity_rule": SeverityRule,
    "domain_publicity": DomainPublicity,
    "calendar_day": CalendarDay,
    "plan_line": PlanLine,
}
BOOLEAN_LABELS = {True: "是", False: "否"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its Chinese name, the old and the new value."""

    label: str
    old: str
    new: str


@dataclass
class RuleChange:
    """One saved change of one rule row."""

    at: datetime
    actor: str  # empty: the system (set-up, import, demo loading)
    table: str
    kind: str  # "+" created, "~" changed, "-" deleted
    object: str
    fields: list[FieldChange] = field(default_factory=list)


def _shown(model_field: models.Field, value) -> str:
    """A stored value as an office reads it: labels for choices, names for links."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return BOOLEAN_LABELS[bool(value)]
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model.objects.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    return str(value)


def _m2m_shown(model_field: models.ManyToManyField, rows) -> str:
    """The regions (or other targets) of an m2m history snapshot, by name."""
    column = get_m2m_reverse_field_name(model_field)
    ids = [row[column] for row in rows or []]
    names = model_field.related_model.objects.filter(pk__in=ids)
    return "、".join(sorted(str(n) for n in names)) or "—"


def _value(model, name: str, value) -> str:
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        return _m2m_shown(model_field, value)
    return _shown(model_field, value)


def _tracked(model) -> list[str]:
    """Field names the history keeps (not the key, not what it excludes)."""
    history = model.history.model
    names = {f.name for f in history._meta.fields}
    plain = [
        f.name
        for f in model._meta.concrete_fields
        if f.name in names and not f.primary_key
    ]
    return plain + [f.name for f in history._history_m2m_fields]


def _changes_of(model) -> list[RuleChange]:
    records = list(
        model.history.select_related("history_user").order_by("id", "history_id")
    )
    table = str(model._meta.verbose_name)
    tracked = _tracked(model)
    previous: dict[int, object] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before, included_fields=tracked)
            fields = [
                FieldChange(
                    label=str(model._meta.get_field(c.field).verbose_name),
                    old=_value(model, c.field, c.old),
                    new=_value(model, c.field, c.new),
                )
                for c in delta.changes
            ]
            if not fields:
                continue  # saved without a change to anything the page shows
        elif record.history_type == "+":
            fields = [
                FieldChange(
                    label=str(model._meta.get_field(name).verbose_name),
                    old="—",
                    new=_value(model, name, _snapshot(record, name)),
                )
                for name in tracked
            ]
        else:
            fields = []
        user = record.history_user
        changes.append(
            RuleChange(
                at=record.history_date,
                actor=(user.real_name or user.username) if user else "",
                table=table,
                kind=record.history_type,
                object=str(record.history_object),
                fields=fields,
            )
        )
    return changes


def _snapshot(record, name: str):
    """The value of `name` in one history record (m2m: its snapshot rows)."""
    model_field = record.instance_type._meta.get_field(name)
    if model_field.many_to_many:
        column = get_m2m_reverse_field_name(model_field)
        return list(getattr(record, name).values(column))
    return getattr(record, model_field.attname)


def rule_changes(*, table: str = "") -> list[RuleChange]:
    """Every recorded change of the rule tables and plan lines, newest first;
    `table` limits it to one of RULE_TABLES."""
    models_ = [RULE_TABLES[table]] if table in RULE_TABLES else RULE_TABLES.values()
    changes = [change for model in models_ for change in _changes_of(model)]
    return sorted(changes, key=lambda c: c.at, reverse=True)
