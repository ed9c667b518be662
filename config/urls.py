from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from health_check.views import HealthCheckView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates import views as certificate_views
from courses import views as course_views
from portal import views as portal_views

# What /healthz/ probes (?format=json for machines); 500 when any is down.
HEALTH_CHECKS = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "common.health.ChannelLayer",
    "jobs.health.Queue",
    "health_check.checks.Storage",
    "common.health.DiskSpace",
]

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz/", HealthCheckView.as_view(checks=HEALTH_CHECKS), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("courses/", include("courses.urls")),
    path("training/", include("enrollment.urls")),
    path("exams/", include("exams.urls")),
    path("certificates/", include("certificates.urls")),
    path("verify/", certificate_views.verify_form, name="verify_form"),
    path("verify/upload/", certificate_views.verify_upload, name="verify_upload"),
    path("verify/<str:code>/", certificate_views.verify, name="verify"),
    path("reports/", include("reports.urls")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the course pages under /learn/; it must stay last.
# Anonymous readers of course pages are answered from the page cache before Wagtail
# routes the request (courses.page_cache); everything else falls through to Wagtail.
urlpatterns += [
    re_path(r"^learn/(?P<path>(?:[\w\-]+/)*)$", course_views.page_serve),
    path("learn/", include(wagtail_urls)),
]
