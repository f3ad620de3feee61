from django.urls import path

from consultations import public

app_name = "opinions"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.consultation, name="consultation"),
    path("<int:pk>/gui/", public.give, name="give"),
    path("<int:pk>/tat-ca/", public.all_opinions, name="all"),
    path("<int:pk>/phien-ban/<int:number>/", public.version, name="version"),
]
