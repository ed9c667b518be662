from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list_view, name="list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
]
