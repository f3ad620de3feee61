from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from grassroots.api import api
from grassroots.rules_page import rules_in_force
from localities.views import home
from operations.views import healthz, ping

admin.site.site_header = "Grassroots"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    # Residents' pages first: a phone's ballot should not be matched against every officials' prefix.
    path("bieu-quyet/sang-kien/", include("initiatives.public_urls")),
    path("bieu-quyet/", include("decisions.public_urls")),
    path("quy-dinh/", rules_in_force, name="rules"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("units/", include("localities.urls")),
    path("households/", include("households.urls")),
    path("disclosures/", include("disclosures.urls")),
    path("notifications/", include("notifications.urls")),
    path("decisions/", include("decisions.urls")),
    path("consultations/", include("consultations.urls")),
    path("village-heads/", include("village_heads.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("conventions/", include("conventions.urls")),
    path("village-conferences/", include("village_conferences.urls")),
    path("working-days/", include("workdays.urls")),
    path("huong-uoc/", include("conventions.public_urls")),
    path("steering/", include("steering.urls")),
    path("y-kien/", include("consultations.public_urls")),
    path("cong-khai/", include("disclosures.portal_urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
