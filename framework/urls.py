from django.urls import path

from . import views

urlpatterns = [
    path("api/framework.json", views.framework_json, name="framework_json"),
]
