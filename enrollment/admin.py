from django.contrib import admin

from .models import CommitmentLetter, Enrolment, PlanLine, Programme, TrainingSession


class PlanLineInline(admin.TabularInline):
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
    readonly_fields = ("enrolled_count",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "city", "kind", "is_active")
    list_filter = ("kind", "year", "is_active")
    inlines = [PlanLineInline]


@admin.register(PlanLine)
class PlanLineAdmin(admin.ModelAdmin):
    list_display = ("label", "programme", "planned_count", "enrolled_count", "agency")
    list_filter = ("programme",)
    filter_horizontal = ("extra_regions",)
    readonly_fields = ("enrolled_count",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "plan_line",
        "starts_at",
        "capacity",
        "seats_taken",
        "status",
    )
    list_filter = ("status", "mode")
    readonly_fields = ("seats_taken", "class_hours")
    filter_horizontal = ("trainers",)
    exclude = ("courses",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Read-only: enrolments change only through the services (locks, counters)."""

    list_display = ("enterprise", "session", "status", "created_at")
    list_filter = ("status", "programme")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(admin.ModelAdmin):
    """Signed letters are immutable: the admin can only look."""

    list_display = ("enterprise", "penalty", "signer_name", "signed_at")
    search_fields = ("enterprise__name", "penalty__decision_no")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
