from django.urls import path

from village_heads import views

app_name = "village_heads"

urlpatterns = [
    path("", views.index, name="index"),
    path("elections/new/", views.election_create, name="election_create"),
    path("elections/<int:pk>/", views.election_detail, name="election"),
    path("elections/<int:pk>/candidate-minutes.docx", views.candidate_minutes, name="candidate_minutes"),
    path("dismissals/new/", views.dismissal_create, name="dismissal_create"),
    path("dismissals/<int:pk>/", views.dismissal_detail, name="dismissal"),
]
