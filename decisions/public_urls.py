from django.urls import path

from decisions import public

app_name = "voting"

urlpatterns = [
    path("", public.vote, name="vote"),
    path("gui/", public.cast, name="cast"),
    path("<int:pk>/", public.bulletin, name="bulletin"),
    path("<int:pk>/kiem-tra/", public.verify, name="verify"),
    path("<int:pk>/so-cai.txt", public.ledger_text, name="ledger"),
    path("tai-lieu/<int:pk>/", public.document, name="document"),
    path("kiem-phieu/", public.slip, name="slip_draw"),
]
