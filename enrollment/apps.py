from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = "培训报名与签到"
