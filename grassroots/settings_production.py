"""Production settings: DEBUG off, HTTPS only, secrets from the environment.

Run with DJANGO_SETTINGS_MODULE=grassroots.settings_production behind a TLS-terminating proxy.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "0")

from grassroots.settings import *  # noqa: E402,F403

DEBUG = False
# Production never runs on the published development key, whatever GRASSROOTS_DEV says.
if SECRET_KEY == DEVELOPMENT_SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set to a secret of this installation")
# Household codes, seals and the roll's checks are all keyed by it, and a copy of the database lets anyone try keys
# offline: a short or repetitive key is refused (Django's own bar: 50 characters, 5 different ones).
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 random characters (python -c 'import secrets;"
        " print(secrets.token_urlsafe(50))')"
    )
# The address residents are sent to is printed on every ballot sheet and in its QR code: never a default.
if not os.environ.get("SITE_URL", "").startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be set to the site's public https:// address (ballot sheets print it)")
# Those who run votes (they print households' codes and name the counting team), those who recognise results and
# the operator sign in with a second factor in production, whatever the environment says (GRASSROOTS_DEV=1, set for
# a one-off demo load, turns it off in the base settings).
TWO_FACTOR_REQUIRED_ROLES = sorted(
    set(TWO_FACTOR_REQUIRED_ROLES) | {"superuser", "system_admin", "commune_official", "village_head"}  # noqa: F405
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
