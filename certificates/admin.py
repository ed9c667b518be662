from django.contrib import admin

from common.admin import ReadOnlyAdminMixin

from .models import (
    AgencySeal,
    Certificate,
    ProgrammeCertificateSettings,
    RepairApplication,
    RepairProof,
)


@admin.register(ProgrammeCertificateSettings)
class ProgrammeCertificateSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "serial_prefix", "repair_rate_target"]


@admin.register(AgencySeal)
class AgencySealAdmin(admin.ModelAdmin):
    list_display = ["agency", "uploaded_at"]


class _IssuedDocument(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Issued documents change only through services (revoke, reissue), audited."""

    list_filter = ["status"]
    search_fields = ["serial", "enterprise_name", "uscc"]
    exclude = ["verify_code"]


@admin.register(Certificate)
class CertificateAdmin(_IssuedDocument):
    list_display = ["serial", "enterprise_name", "session_title", "status", "issued_at"]
    list_select_related = ["session"]


@admin.register(RepairProof)
class RepairProofAdmin(_IssuedDocument):
    list_display = ["serial", "enterprise_name", "decision_no", "status", "issued_at"]


@admin.register(RepairApplication)
class RepairApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Statuses move only through repair_application_set (checked dates, audit)."""

    list_display = ["penalty", "enterprise", "status", "submitted_on", "decided_on"]
    list_filter = ["status"]
    search_fields = ["penalty__decision_no", "enterprise__name"]
    raw_id_fields = ["penalty", "enterprise", "certificate", "updated_by"]
