from django.urls import path

from conventions import views

app_name = "conventions"

urlpatterns = [
    path("", views.convention_list, name="list"),
    path("new/", views.convention_create, name="create"),
    path("<int:pk>/", views.convention_detail, name="detail"),
    path("report/", views.province_report, name="report"),
    path("report.docx", views.province_report_docx, name="report_docx"),
]
