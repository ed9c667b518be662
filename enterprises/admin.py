from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdminMixin

from .models import (
    CalendarDay,
    DomainPublicity,
    Enterprise,
    FollowUp,
    ImportBatch,
    Invitation,
    PenaltyRecord,
    ReminderLetter,
    RuleProfile,
    SeverityRule,
)


class PenaltyInline(admin.TabularInline):
    model = PenaltyRecord
    extra = 0
    fields = ["decision_no", "authority", "decision_date", "severity", "domain"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["date", "kind", "note", "author"]
    raw_id_fields = ["author"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "uscc",
        "archive_no",
        "region",
        "business_status",
        "governance_type",
        "survey_due_on",
        "is_key",
    ]
    list_filter = ["region", "business_status", "governance_type", "is_key"]
    search_fields = ["name", "uscc", "archive_no"]
    readonly_fields = ["archive_no", "survey_due_on"]
    raw_id_fields = ["key_helper"]
    inlines = [PenaltyInline, FollowUpInline]


class SeverityRuleInline(admin.TabularInline):
    model = SeverityRule
    extra = 0


class DomainPublicityInline(admin.TabularInline):
    model = DomainPublicity
    extra = 0


@admin.register(RuleProfile)
class RuleProfileAdmin(SimpleHistoryAdmin):
    """The city office edits the repair rules here (no numbers live in code); every
    change is kept (规则变更记录)."""

    list_display = ["name", "is_default", "min_class_hours", "class_hour_minutes"]
    filter_horizontal = ["regions"]
    inlines = [SeverityRuleInline, DomainPublicityInline]


@admin.register(PenaltyRecord)
class PenaltyRecordAdmin(admin.ModelAdmin):
    list_display = [
        "decision_no",
        "authority",
        "enterprise",
        "decision_date",
        "severity",
    ]
    list_filter = ["severity", "domain"]
    search_fields = ["decision_no", "authority", "enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["enterprise"]


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    """Holidays and make-up working days used for survey deadlines."""

    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(ReminderLetter)
class ReminderLetterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Issued and confirmed only through the reminder-letter services (audited)."""

    list_display = ["enterprise", "office", "issued_at", "confirmed_at"]
    raw_id_fields = ["enterprise", "issued_by", "confirmed_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Created and accepted only through the invitation services (audited)."""

    list_display = ["enterprise", "created_at", "expires_at", "used_at"]
    raw_id_fields = ["enterprise", "created_by", "used_by"]
    exclude = ["token"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Batches are previewed and committed only through the import services."""

    list_display = ["filename", "region", "status", "created_at", "committed_at"]
    exclude = ["rows"]
