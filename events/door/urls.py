"""The door: check-in pages and the JSON the door's devices use."""

from django.urls import path

from . import views

urlpatterns = [
    path("checkin/", views.choose_summit, name="checkin_choose"),
    path("checkin/sw.js", views.service_worker, name="checkin_sw"),
    path("checkin/<id:summit_id>/", views.door, name="checkin"),
    path("checkin/<id:summit_id>/check-in/", views.check_in_api, name="checkin_api"),
    path("checkin/<id:summit_id>/undo/", views.undo_api, name="checkin_undo"),
    path("checkin/<id:summit_id>/sync/", views.sync_api, name="checkin_sync"),
    path("checkin/<id:summit_id>/tickets/", views.tickets_api, name="checkin_tickets"),
]
