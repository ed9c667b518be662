from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdminMixin

from .models import CommitmentLetter, Enrolment, PlanLine, Programme, TrainingSession


class PlanLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Lines and quotas change through the programmes pages (audited services)."""

    model = PlanLine
    extra = 0
    fields = (
        "label",
        "region",
        "planned_count",
        "enrolled_count",
        "agency",
        "contact_person",
        "contact_phone",
        "service_group",
    )


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "city", "kind", "is_active")
    list_filter = ("kind", "year", "is_active")
    inlines = [PlanLineInline]


@admin.register(PlanLine)
class PlanLineAdmin(SimpleHistoryAdmin):
    """Contacts are edited here; a line is created, and its quota raised, only on the
    programmes pages (plan_line_create, plan_line_quota_raise: audited, locked)."""

    list_display = ("label", "programme", "planned_count", "enrolled_count", "agency")
    list_filter = ("programme",)
    filter_horizontal = ("extra_regions",)
    readonly_fields = (
        "programme",
        "region",
        "extra_regions",
        "planned_count",
        "enrolled_count",
        "agency",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Capacity, seats and status change only through the session services, which
    lock the session, keep the counters and move the waitlist up."""

    list_display = (
        "title",
        "plan_line",
        "starts_at",
        "capacity",
        "seats_taken",
        "status",
    )
    list_filter = ("status", "mode")
    exclude = ("courses", "signin_secret")


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: enrolments change only through the services (locks, counters)."""

    list_display = ("enterprise", "session", "status", "created_at")
    list_filter = ("status", "programme")


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Signed letters are immutable: the admin can only look."""

    list_display = ("enterprise", "penalty", "signer_name", "signed_at")
    search_fields = ("enterprise__name", "penalty__decision_no")
