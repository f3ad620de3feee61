"""Settings for Grassroots, read from the environment.

Fails closed: without the development opt-in (GRASSROOTS_DEV=1, set by `make run`, `make test`, `make bench` and
CI; pytest counts as one) the app refuses to start with DEBUG on or without a SECRET_KEY of its own. Production
sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README); `grassroots.settings_production` hardens the rest.
"""

import ipaddress
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# With the development key and a copy of the database anyone computes every household's voting code, and DEBUG
# shows settings and tracebacks to strangers: both only on an explicit opt-in. pytest sets PYTEST_VERSION while it
# runs (pytest >= 8.2), so the suite opts in without a plugin.
DEVELOPMENT = env_bool("GRASSROOTS_DEV", "PYTEST_VERSION" in os.environ)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-local-demo"
DEBUG = env_bool("DEBUG", DEVELOPMENT)
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEVELOPMENT else "")
if not DEVELOPMENT:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG is on outside development: set DEBUG=0 (or GRASSROOTS_DEV=1 on a laptop)")
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a secret of this installation (or GRASSROOTS_DEV=1 on a laptop)"
        )
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    # Before django_tasks_db: its `db_worker` command is extended there (heartbeat, recovery, daily runs).
    "operations",
    "django_tasks_db",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "localities",
    "accounts",
    "households",
    "disclosures",
    "decisions",
    "village_heads",
    "initiatives",
    "conventions",
    "village_conferences",
    "workdays",
    "consultations",
    "steering",
    "notifications",
]

MIDDLEWARE = [
    # First, so that an oversized body is refused before anything reads it.
    "grassroots.middleware.RequestSizeLimitMiddleware",
    "grassroots.middleware.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "grassroots.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After OTP (is_verified), messages and htmx: the second factor and the idle timeout on every request.
    "accounts.middleware.SignInGuardMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that locked-out attempts are answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response, in development too (so the browser tests see what production does):
# scripts, styles and everything else only from this site, no inline script or style, no eval, no framing. An
# injected <script> or onclick= does not run. Behaviour lives in static/js; htmx is told not to add a <style>.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "grassroots.urls"
WSGI_APPLICATION = "grassroots.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.current_unit",
            ],
        },
    },
]

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "grassroots.sqlite3"))
# The votes' witness outside the database (decisions.witness): keep it where the database's writers cannot reach;
# empty turns it off.
LEDGER_WITNESS_DIR = os.environ.get("LEDGER_WITNESS_DIR", str(SQLITE_PATH.parent / "witness"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages read a few rows with LIMIT: parallel workers merging sorted scans defeat the early stop (a search
    # measured 250-360 ms with them, under 100 ms without) and two cores have none to spare.
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c max_parallel_workers_per_gather=0",
        # Django turns psycopg's prepared statements off. Its own cursors bind parameters on the client and never
        # prepare anyway; the ballot path's server-side cursor asks to (decisions.ballots).
        "prepare_threshold": 5,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE avoids upgrade deadlocks.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, never SQLite's in-memory database: with that, Django's live server shares one connection
    # between its request threads and the test, and a ballot's SQL calling back into Python (grassroots_chain)
    # while another thread reads a row deadlocks on the GIL and SQLite's mutex (a browser test hung CI for an
    # hour). A file gives every thread its own connection, as in production. One file per test process.
    _test_db = os.environ.get("SQLITE_TEST_PATH")
    if not _test_db and "PYTEST_VERSION" in os.environ:
        _shm = Path("/dev/shm")
        _folder = _shm if _shm.is_dir() and os.access(_shm, os.W_OK) else Path(tempfile.gettempdir())
        _test_db = str(_folder / f"grassroots-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _test_db or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Officials share phones and office computers: a session lasts a working day, not Django's two weeks, and ends
# sooner on a computer left alone (accounts.middleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60  # seconds
# Roles (accounts.models.Role values, or "superuser") that must sign in with a second factor: those who run votes
# (Action.RUN_DECISIONS) or recognise results (Action.RECOGNISE_DECISIONS) and the operator. Such a user without a
# device is sent to enrol first.
# Off in development, where the demo's accounts have published passwords anyway.
TWO_FACTOR_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get(
        "TWO_FACTOR_REQUIRED_ROLES", "" if DEVELOPMENT else "superuser,system_admin,commune_official,village_head"
    ).split(",")
    if r.strip()
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The reverse proxies in front of the app (addresses or CIDRs, comma-separated). Only from these is
# X-Forwarded-For believed, to find the client's address for rate limits and lock-outs (grassroots.http).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network") from exc

# Login attempts: 5 failures per username and address together lock that pair out for 15 minutes, so a stranger
# elsewhere who knows an official's username cannot lock the official out.
AXES_CLIENT_IP_CALLABLE = "grassroots.http.client_address"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Media (attachments, photos) is served through views that check and label each file, never as a folder.
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A file past DISCLOSURE_MAX_FILE_MB stops being stored as it streams in (grassroots.uploads).
FILE_UPLOAD_HANDLERS = [
    "grassroots.uploads.FileSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

OTP_TOTP_ISSUER = "Grassroots"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered public portal pages, per worker process (see disclosures/portal_cache.py).
    "portal": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Public disclosure: attachments and residents' questions.
DISCLOSURE_MAX_FILE_MB = int(os.environ.get("DISCLOSURE_MAX_FILE_MB", "20"))
# The largest request body accepted (a disclosure with a few attachments): a larger Content-Length is refused
# with 413 before any of it is read (grassroots.middleware.RequestSizeLimitMiddleware).
REQUEST_MAX_MB = int(os.environ.get("REQUEST_MAX_MB", str(3 * DISCLOSURE_MAX_FILE_MB)))
# What a DOCX or XLSX file may unpack to, in all (and how many times its own size): a zip bomb is refused
# before python-docx or openpyxl read it (grassroots.archives.check_unzipped_size).
UNZIPPED_MAX_MB = int(os.environ.get("UNZIPPED_MAX_MB", "200"))
UNZIPPED_MAX_RATIO = int(os.environ.get("UNZIPPED_MAX_RATIO", "100"))
# Residents' questions and online opinions: a few an hour from one sender (an address and a phone number
# together), more from one address in all (a commune hall's Wi-Fi, a carrier's shared address: many residents),
# and a few a day from one phone number (grassroots.ratelimit.sender_over_limits).
QUESTIONS_PER_HOUR = int(os.environ.get("QUESTIONS_PER_HOUR", "5"))  # from one sender
QUESTIONS_PER_ADDRESS_HOUR = int(os.environ.get("QUESTIONS_PER_ADDRESS_HOUR", "60"))
QUESTIONS_PER_DAY = int(os.environ.get("QUESTIONS_PER_DAY", "10"))  # from one phone number
# Different wrong one-time voting codes allowed from one sender in the window — a browser shown the voting page (its
# device cookie), or an address's senders without one — past them it waits until the oldest leaves the window (a
# brake: ten guesses a minute against 50-bit codes); other browsers behind the same address are not held back
# until the address as a whole reaches VOTE_CODE_FAILURES_PER_ADDRESS (decisions.ballots.Sender).
VOTE_CODE_FAILURES = int(os.environ.get("VOTE_CODE_FAILURES", "10"))
VOTE_CODE_WINDOW_MINUTES = int(os.environ.get("VOTE_CODE_WINDOW_MINUTES", "1"))
# All the senders behind one address together (a village's shared connection): the brake for the whole address.
VOTE_CODE_FAILURES_PER_ADDRESS = int(os.environ.get("VOTE_CODE_FAILURES_PER_ADDRESS", "200"))
OPINIONS_PER_HOUR = int(os.environ.get("OPINIONS_PER_HOUR", "5"))  # online opinions from one sender
OPINIONS_PER_ADDRESS_HOUR = int(os.environ.get("OPINIONS_PER_ADDRESS_HOUR", "60"))
OPINIONS_PER_DAY = int(os.environ.get("OPINIONS_PER_DAY", "20"))  # from one phone number
QUESTION_MIN_SECONDS = float(os.environ.get("QUESTION_MIN_SECONDS", "3"))  # people take longer to write

# Notifications: in the app always; by email where an address and a mail server are set.
# Printed on ballot sheets, in their QR codes, the minutes and emails. Production sets it (settings_production refuses
# to start without an https address); elsewhere it follows the port the server was given.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "grassroots@localhost")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
    }

# Readings of the law taken where its text leaves a choice (each shown on the rules page, /quy-dinh/).
# Law 10/2022 Art. 28 §2, "at least 20 days from the day the content is made public": whether that day counts.
CONSULTATION_COUNTS_PUBLICATION_DAY = env_bool("CONSULTATION_COUNTS_PUBLICATION_DAY", False)
# Law 10/2022 Art. 19 §1(b): how a household ballot round after a meeting that fell short combines with the meeting's
# hands. "every_household" (a fresh ballot: every household answers on a sheet) or "absent_households" (the
# meeting's votes stand, sheets go to the households that did not vote there). See decisions.rules.RoundReading.
# A village head's term: 2.5 or 5 years as the province fixes it (Circular 04/2012/TT-BNV Art. 12 as amended by
# Circular 14/2018/TT-BNV, read only in secondary sources: law.md A3). In months; shown on the rules page.
VILLAGE_HEAD_TERM_MONTHS = int(os.environ.get("VILLAGE_HEAD_TERM_MONTHS", "60"))
if VILLAGE_HEAD_TERM_MONTHS not in (30, 60):
    raise ImproperlyConfigured("VILLAGE_HEAD_TERM_MONTHS is 30 (2.5 years) or 60 (5 years).")
BALLOT_ROUND_READING = os.environ.get("BALLOT_ROUND_READING", "every_household")
if BALLOT_ROUND_READING not in {"every_household", "absent_households"}:
    raise ImproperlyConfigured("BALLOT_ROUND_READING is every_household or absent_households.")
