"""The public portal's addresses, in Vietnamese: residents read and share them."""

from django.urls import path

from disclosures import portal

app_name = "portal"
urlpatterns = [
    path("", portal.portal_index, name="index"),
    path("ngon-ngu/<str:code>/", portal.choose_language, name="language"),
    path("muc/<int:pk>/", portal.disclosure_page, name="disclosure"),
    path("muc/<int:pk>/hoi/", portal.ask, name="ask"),
    path("tep/<int:pk>/", portal.attachment, name="attachment"),
    path("anh/<int:pk>/", portal.channel_photo, name="photo"),
    path("<str:code>/", portal.unit_page, name="unit"),
    path("<str:code>/atom.xml", portal.UnitFeed(), name="feed"),
    path("<str:code>/du-lieu.json", portal.open_data_json, name="open_data_json"),
    path("<str:code>/du-lieu.csv", portal.open_data_csv, name="open_data_csv"),
]
