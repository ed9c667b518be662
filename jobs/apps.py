from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Every app declares its jobs in <app>/jobs.py; importing them here fills the
        # periodic registry the scheduler reads.
        autodiscover_modules("jobs")
