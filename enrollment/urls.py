from django.urls import include, path

from . import views

app_name = "enrollment"

urlpatterns = [
    path("", views.training_home, name="sessions"),
    path("sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/bulk/", views.session_bulk_enrol, name="session_bulk"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path(
        "enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"
    ),
    path("letters/", views.letter_list, name="letters"),
    path("letters/<int:penalty_pk>/sign/", views.letter_sign, name="letter_sign"),
    path("letters/<int:penalty_pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path(
        "letters/<int:penalty_pk>/repair-form/",
        views.repair_form,
        name="repair_form",
    ),
    path("my-sessions/", views.trainer_sessions, name="trainer_sessions"),
    path("my-sessions/new/", views.session_create, name="session_create"),
    path("my-sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(
        "my-sessions/<int:pk>/status/<str:name>/",
        views.session_transition,
        name="session_transition",
    ),
    path("my-sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("progress/", views.plan_progress, name="progress"),
    path("live/", include("enrollment.live_urls")),
    path("programmes/", include("enrollment.programme_urls")),
    path("plan-lines/<int:pk>/quota/", views.plan_line_quota, name="plan_line_quota"),
]
