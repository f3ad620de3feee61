"""Checks on every signed-in request: the second factor, and how long the session has been idle.

Doing this per request rather than in the login view closes every way into a session at once (the admin's own
login form, a session from before a device was enrolled, any path added later): a session of a user with a
confirmed device is a session only once a code was given in it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleAssignment

LAST_SEEN_KEY = "last_seen"
# Writing the session on every request would cost a write per page; a minute's precision is enough.
LAST_SEEN_PRECISION_SECONDS = 60

# What a user who must enrol may still open: the enrolment page itself, signing out, and what pages load.
ENROLMENT_PATHS = ("accounts:security", "accounts:logout", "accounts:password_change")
OPEN_PREFIXES = ("/static/", "/i18n/", "/jsi18n/")


def must_use_second_factor(user) -> bool:
    """Whether settings.TWO_FACTOR_REQUIRED_ROLES makes two-step sign-in mandatory for this user."""
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if user.is_superuser and "superuser" in required:
        return True
    return bool(required) and RoleAssignment.objects.filter(user=user, role__in=required).exists()


def _to_login(request):
    if request.htmx:
        # A swapped fragment would put the login page inside the page; let htmx load it whole.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
        return response
    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class SignInGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refused = self._idle(request) or self._second_factor(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _idle(self, request):
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            logout(request)
            messages.info(request, _("You were signed out after a while without activity. Sign in again."))
            return _to_login(request)
        # A page left open refreshes parts of itself (live turnout every 5 s, a job's progress): htmx GETs are not
        # someone at the keyboard, or a matter page left open would keep the session alive for ever.
        background = request.htmx and request.method == "GET"
        if last_seen is None or (not background and now - last_seen >= LAST_SEEN_PRECISION_SECONDS):
            request.session[LAST_SEEN_KEY] = now
        return None

    def _second_factor(self, request):
        user = request.user
        if user.is_verified():
            return None
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            # Signed in with the password alone although a device is enrolled: not a session.
            logout(request)
            return _to_login(request)
        if not must_use_second_factor(user) or self._open_while_enrolling(request):
            return None
        messages.warning(request, _("Your role requires two-step sign-in. Turn it on to continue."))
        return redirect("accounts:security")

    @staticmethod
    def _open_while_enrolling(request) -> bool:
        path = request.path_info
        return path.startswith(OPEN_PREFIXES) or any(path == reverse(name) for name in ENROLMENT_PATHS)
