from django.contrib import admin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "region", "business_status"]
    list_filter = ["region", "business_status"]
    search_fields = ["name", "uscc"]
