from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.matter_list, name="list"),
    path("new/", views.matter_create, name="create"),
    path("<int:pk>/", views.matter_detail, name="detail"),
    path("<int:pk>/documents/", views.add_documents, name="documents"),
    path("<int:pk>/counting-team/", views.counting_team, name="counting_team"),
    path("<int:pk>/online-choice/", views.online_choice, name="online_choice"),
    path("<int:pk>/open/", views.matter_open, name="open"),
    path("<int:pk>/close/", views.matter_close, name="close"),
    path("<int:pk>/revote/", views.matter_revote, name="revote"),
    path("<int:pk>/ballot-round/", views.ballot_round, name="ballot_round"),
    path("<int:pk>/roll/", views.roll, name="roll"),
    path("<int:pk>/roll/<int:entry_pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/roll/<int:entry_pk>/returned/", views.sheet_returned, name="sheet_returned"),
    path("<int:pk>/roll/<int:entry_pk>/entered/", views.sheet_entered, name="sheet_entered"),
    path("<int:pk>/sheets.pdf", views.sheets, name="sheets"),
    path("<int:pk>/counts/<str:source>/", views.enter_count, name="count"),
    path("<int:pk>/minutes.docx", views.minutes, name="minutes"),
    path("<int:pk>/recognition/send/", views.send_for_recognition, name="send"),
    path("<int:pk>/recognition/", views.recognise, name="recognise"),
    path("<int:pk>/recognition/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/annul/", views.annul, name="annul"),
]
