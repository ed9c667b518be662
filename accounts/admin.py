from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, CreditOffice, Notice, OfficeProfile, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "contact_person", "contact_phone"]
    filter_horizontal = ["regions"]
    search_fields = ["name", "uscc"]


class OfficeProfileInline(admin.StackedInline):
    """Letterhead, 文号 prefix and seal of the office's official letters."""

    model = OfficeProfile
    can_delete = False


@admin.register(CreditOffice)
class CreditOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "city", "region"]
    list_filter = ["level"]
    inlines = [OfficeProfileInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "role", "agency", "office", "enterprise"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "real_name", "mobile"]
    raw_id_fields = ["enterprise"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "平台角色",
            {
                "fields": [
                    "real_name",
                    "mobile",
                    "role",
                    "agency",
                    "office",
                    "enterprise",
                ]
            },
        ),
    )


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    raw_id_fields = ["user"]
