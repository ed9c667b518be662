from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "结业证明与信用修复"
