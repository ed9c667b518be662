from django.contrib import admin

from jobs.models import PeriodicRun, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "last_seen")
    readonly_fields = list_display


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ("name", "slot", "enqueued_at", "task_id")
    readonly_fields = list_display
