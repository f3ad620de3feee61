from django.urls import path

from households import views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("import/", views.import_start, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("<int:pk>/", views.household_detail_view, name="detail"),
    path("<int:pk>/edit/", views.household_edit, name="edit"),
    path("<int:pk>/move/", views.household_move, name="move"),
    path("<int:pk>/split/", views.household_split, name="split"),
    path("<int:pk>/merge/", views.household_merge, name="merge"),
    path("<int:pk>/members/new/", views.resident_create, name="resident_create"),
    path("members/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("members/<int:pk>/leave/", views.resident_remove, name="resident_remove"),
]
