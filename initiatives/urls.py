from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/slips/", views.slips, name="slips"),
    path("<int:pk>/paper/<int:supporter_pk>/", views.paper, name="paper"),
    path("<int:pk>/take-up/", views.take_up, name="take_up"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
