from django.urls import path

from village_conferences import views

app_name = "village_conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_create, name="create"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/report.docx", views.report, name="report"),
]
