from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.exam_index, name="index"),
    path("mine/", views.my_exams, name="mine"),
    path("enrolments/<int:enrolment_pk>/start/", views.attempt_start, name="start"),
    path("attempts/<int:pk>/", views.attempt_take, name="take"),
    path("attempts/<int:pk>/answer/", views.answer_save, name="answer"),
    path("attempts/<int:pk>/status/", views.attempt_status, name="status"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="result"),
    path("questions/", views.question_list, name="questions"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/toggle/", views.question_toggle, name="question_toggle"),
    path("questions/import/", views.question_import, name="question_import"),
    path("questions/export/", views.question_export, name="question_export"),
    path("papers/", views.paper_list, name="papers"),
    path("papers/new/", views.paper_create, name="paper_create"),
    path("papers/<int:pk>/", views.paper_detail, name="paper"),
    path("papers/<int:pk>/stats/", views.paper_stats, name="paper_stats"),
    path("results/", views.results, name="results"),
    path("results/sessions/<int:pk>/", views.session_results, name="session_results"),
    path("results/regions/", views.region_results, name="region_results"),
]
