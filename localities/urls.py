from django.urls import path

from localities import views

app_name = "localities"
urlpatterns = [
    path("picker/", views.unit_picker, name="picker"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/villages/new/", views.village_create, name="village_create"),
    path("<str:code>/villages/import/", views.village_import, name="village_import"),
    path("<str:code>/rename/", views.village_rename, name="village_rename"),
    path("<str:code>/merge/", views.village_merge, name="village_merge"),
]
