from django.urls import path

from initiatives import public

app_name = "initiative_consent"

urlpatterns = [
    path("", public.consent, name="consent"),
]
