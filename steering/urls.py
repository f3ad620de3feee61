from django.urls import path

from steering import views

app_name = "steering"

urlpatterns = [
    path("", views.committee_list, name="committees"),
    path("new/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.committee_detail, name="committee"),
    path("<int:pk>/members/<int:membership_pk>/end/", views.end_membership, name="end_membership"),
    path("<int:pk>/programmes/new/", views.programme_create, name="programme_create"),
    path("<int:pk>/guidance/new/", views.guidance_create, name="guidance_create"),
    path("<int:pk>/reviews/<int:review_pk>/", views.review_record, name="review"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/import/", views.programme_import, name="programme_import"),
    path("programmes/<int:pk>/check/", views.programme_check, name="programme_check"),
    path("programmes/<int:pk>/flags/<int:flag_pk>/", views.flag_decide, name="flag"),
    path("programmes/<int:pk>/adopt/", views.programme_adopt, name="programme_adopt"),
    path("programmes/<int:pk>/export.<str:kind>", views.programme_export, name="programme_export"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/criteria/new/", views.criteria_set_create, name="criteria_set_create"),
    path("<int:pk>/criteria/<int:set_pk>/", views.criteria_set_detail, name="criteria_set"),
    path("<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("dashboard/<str:code>/", views.commune_scorecard, name="commune_scorecard"),
    path("agencies/", views.agency_board, name="agency_board"),
]
