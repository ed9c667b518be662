from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/pdf/", views.certificate_download, name="download"),
    path("<int:pk>/bundle/", views.certificate_bundle, name="bundle"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("<int:pk>/reissue/", views.certificate_reissue, name="reissue"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_certificates, name="session"),
    path("sessions/<int:pk>/zip/", views.session_zip, name="session_zip"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/zip/", views.batch_download, name="batch_download"),
    path("seal/", views.seal_upload, name="seal"),
    path("repairs/", views.repair_list, name="repairs"),
    path("repairs/penalty/<int:penalty_pk>/", views.repair_set, name="repair_set"),
    path("repairs/<int:pk>/proof/", views.proof_issue, name="proof_issue"),
    path("proofs/<int:pk>/pdf/", views.proof_download, name="proof_download"),
    path("proofs/<int:pk>/revoke/", views.proof_revoke, name="proof_revoke"),
]
