from django.urls import path

from conventions import public

app_name = "convention_texts"

urlpatterns = [
    path("", public.in_force, name="list"),
    path("<int:pk>/", public.convention, name="detail"),
]
