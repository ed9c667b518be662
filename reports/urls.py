from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("lists/", views.lists, name="lists"),
    path("lists/export.<str:fmt>", views.lists_export, name="lists_export"),
    path("sessions/", views.sessions, name="sessions"),
    path(
        "sessions/<int:pk>/feedback/", views.session_feedback, name="session_feedback"
    ),
    path("governance/", views.governance, name="governance"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:pk>/report/", views.agency_report, name="agency_report"),
    path(
        "agencies/<int:pk>/report.<str:fmt>",
        views.agency_report,
        name="agency_report_file",
    ),
    path("agencies/<int:pk>/feedback/", views.agency_feedback, name="agency_feedback"),
    path("feedback/", views.feedback_mine, name="feedback_mine"),
    path("feedback/<int:enrolment_pk>/", views.feedback_answer, name="feedback_answer"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.<str:fmt>", views.audit_export, name="audit_export"),
    path("rule-history/", views.rule_history, name="rule_history"),
]
