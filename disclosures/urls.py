from django.urls import path

from disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.disclosure_list, name="list"),
    path("new/", views.disclosure_create, name="create"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/export.xlsx", views.compliance_export, name="compliance_export"),
    path("compliance/register.docx", views.quarter_register_docx, name="quarter_register"),
    path("compliance/plan.docx", views.disclosure_plan_docx, name="plan"),
    path("compliance/council-report.docx", views.council_report_docx, name="council_report"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.catalogue_edit, name="catalogue_create"),
    path("catalogue/<int:pk>/", views.catalogue_edit, name="catalogue_edit"),
    path("<int:pk>/", views.disclosure_detail, name="detail"),
    path("<int:pk>/correct/", views.disclosure_correct, name="correct"),
    path("<int:pk>/withdraw/", views.disclosure_withdraw, name="withdraw"),
    path("<int:pk>/channels/", views.channel_add, name="channel_add"),
    path("channels/<int:pk>/end/", views.channel_end, name="channel_end"),
    path("files/<int:pk>/", views.attachment_file, name="attachment"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("questions/<int:pk>/hide/", views.question_hide, name="question_hide"),
]
