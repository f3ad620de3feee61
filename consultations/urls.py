from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/publish/", views.consultation_publish, name="publish"),
    path("<int:pk>/period/", views.consultation_period, name="period"),
    path("<int:pk>/stop/", views.consultation_stop, name="stop"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/versions/", views.issue_version, name="issue_version"),
    path("<int:pk>/versions/<int:number>/", views.version_changes, name="version"),
    path("<int:pk>/opinions/new/", views.enter_opinions, name="enter"),
    path("<int:pk>/answers/", views.answers, name="answers"),
    path("<int:pk>/answers/group-now/", views.group_now, name="group_now"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_detail, name="group"),
    path("<int:pk>/groups/<int:group_pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/groups/<int:group_pk>/split/", views.split, name="split"),
    path("<int:pk>/opinions/<int:opinion_pk>/answer/", views.answer_opinion, name="answer_opinion"),
    path("<int:pk>/opinions/<int:opinion_pk>/move/", views.move, name="move"),
    path("<int:pk>/opinions/<int:opinion_pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/report.docx", views.report, name="report"),
    path("<int:pk>/conferences/new/", views.conference_create, name="conference_create"),
    path("<int:pk>/conferences/<int:conference_pk>/", views.conference_detail, name="conference"),
]
