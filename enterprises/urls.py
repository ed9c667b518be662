from django.urls import path

from . import claim_views, decision_views, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list_view, name="list"),
    path("export.<str:fmt>", views.enterprise_export, name="export"),
    path("mine/", views.my_enterprise, name="mine"),
    path("key/", views.key_list, name="key_list"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("decisions/", decision_views.decisions, name="decisions"),
    path("decisions/new/", decision_views.decision_new, name="decision_new"),
    path(
        "decisions/<int:pk>/follow-up/",
        decision_views.decision_follow_up,
        name="decision_follow_up",
    ),
    path("register/", claim_views.register, name="register"),
    path("claim/", claim_views.claim, name="claim"),
    path("claims/", claim_views.claim_list, name="claims"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/licence/", claim_views.claim_licence, name="claim_licence"),
    path("claims/<int:pk>/decide/", claim_views.claim_decide, name="claim_decide"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/penalties/add/", views.penalty_add, name="penalty_add"),
    path("<int:pk>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path("<int:pk>/key/", views.key_assign, name="key_assign"),
    path("<int:pk>/archive.pdf", views.archive_sheet, name="archive_sheet"),
    path("<int:pk>/file.pdf", views.enterprise_file, name="file"),
    path("<int:pk>/letters/issue/", views.letter_issue, name="letter_issue"),
    path("<int:pk>/letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path(
        "<int:pk>/letters/<int:letter_id>/confirm/",
        views.letter_confirm,
        name="letter_confirm",
    ),
    path("<int:pk>/invite/", views.invitation_create, name="invitation_create"),
]
