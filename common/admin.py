from django.contrib import admin

from .models import AuditEntry


class ReadOnlyAdminMixin:
    """The admin can only look: records change through the audited services.

    Works for a ModelAdmin and for an inline (whose permission checks also get the
    parent object).
    """

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "kind", "action", "object_repr", "scope"]
    list_filter = ["kind", "action"]
    search_fields = ["object_repr", "action", "actor__real_name", "actor__username"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
