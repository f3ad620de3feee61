import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import ApiTokenForm, OfficialForm, RoleForm, TokenForm
from accounts.middleware import must_use_second_factor
from accounts.models import ApiToken, RoleAssignment, User
from accounts.scoping import Action, granted_paths, scope, visible_units
from grassroots.history import history_of

PENDING_KEY = "pending_second_factor"
OTP_ATTEMPTS_KEY = "second_factor_attempts"
MAX_OTP_ATTEMPTS = 5


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def login_view(request):
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "next": _safe_next(request)}
            request.session[OTP_ATTEMPTS_KEY] = 0
            return redirect("accounts:second_factor")
        login(request, user)
        return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def second_factor(request):
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            del request.session[PENDING_KEY]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        attempts = request.session.get(OTP_ATTEMPTS_KEY, 0) + 1
        request.session[OTP_ATTEMPTS_KEY] = attempts
        if attempts >= MAX_OTP_ATTEMPTS:
            # Back to the password step, which is itself rate-limited per username and address.
            del request.session[PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        form.add_error("token", _("The code is wrong or expired."))
    return render(request, "accounts/second_factor.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def security(request):
    """Turn the TOTP second factor on or off, and manage API tokens."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    pending = None
    form = TokenForm(request.POST or None) if "confirm_totp" in request.POST else TokenForm()
    if confirmed is None:
        pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if pending is None:
            pending = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
        if request.method == "POST" and "confirm_totp" in request.POST and form.is_valid():
            if pending.verify_token(form.cleaned_data["token"]):
                pending.confirmed = True
                pending.save()
                otp_login(request, pending)
                messages.success(request, _("Two-step sign-in is on."))
                return redirect("accounts:security")
            form.add_error("token", _("The code is wrong or expired."))
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "accounts/security.html",
        {
            "confirmed": confirmed,
            "disable_form": TokenForm(auto_id="id_disable_%s"),
            "required": must_use_second_factor(request.user),
            "pending": pending,
            "form": form,
            "qr_svg": _qr_svg(pending.config_url) if pending else "",
            "tokens": tokens,
            "token_form": ApiTokenForm(),
            "new_key": request.session.pop("new_api_key", None),
        },
    )


@login_required
@require_POST
def totp_disable(request):
    """Turning the second factor off needs a current code: a borrowed session or a stolen password is not enough."""
    if must_use_second_factor(request.user):
        messages.error(request, _("Your role requires two-step sign-in; it cannot be turned off."))
        return redirect("accounts:security")
    form = TokenForm(request.POST)
    if not form.is_valid() or match_token(request.user, form.cleaned_data["token"]) is None:
        messages.error(request, _("The code is wrong or expired. Two-step sign-in is still on."))
        return redirect("accounts:security")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("accounts:security")


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _token, key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        request.session["new_api_key"] = key
    return redirect("accounts:security")


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save()
    messages.success(request, _("Token revoked."))
    return redirect("accounts:security")


def _manageable_units(user):
    return visible_units(user, Action.MANAGE_ACCOUNTS)


@login_required
def official_list(request):
    if not granted_paths(request.user, Action.MANAGE_ACCOUNTS):
        raise Http404
    assignments = scope(request.user, RoleAssignment.objects.all(), Action.MANAGE_ACCOUNTS)
    officials = (
        User.objects.filter(role_assignments__in=assignments)
        .distinct()
        .prefetch_related(Prefetch("role_assignments", queryset=assignments.select_related("unit")))
        .order_by("username")
    )
    form = OfficialForm(request.POST or None, units=_manageable_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_official(
                by=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                password=data["password"],
                role=data["role"],
                unit=data["unit"],
            )
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("accounts:official_detail", pk=user.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "accounts/official_list.html", {"officials": officials, "form": form})


@login_required
def official_detail(request, pk):
    assignments = scope(request.user, RoleAssignment.objects.all(), Action.MANAGE_ACCOUNTS)
    official = get_object_or_404(User.objects.filter(role_assignments__in=assignments).distinct(), pk=pk)
    form = RoleForm(request.POST or None, units=_manageable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_role(
                by=request.user, user=official, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
            )
            messages.success(request, _("Role added."))
            return redirect("accounts:official_detail", pk=official.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "accounts/official_detail.html",
        {
            "official": official,
            "assignments": assignments.filter(user=official).select_related("unit"),
            "form": form,
            # Roles elsewhere are not this administrator's business, nor is their history.
            "history": history_of(
                official,
                extra=RoleAssignment.history.filter(
                    user_id=official.pk, unit_id__in=_manageable_units(request.user).values("id")
                ),
            ),
        },
    )


@login_required
@require_POST
def role_revoke(request, pk):
    assignment = get_object_or_404(
        scope(request.user, RoleAssignment.objects.select_related("unit"), Action.MANAGE_ACCOUNTS), pk=pk
    )
    services.revoke_role(by=request.user, assignment=assignment)
    messages.success(request, _("Role removed."))
    return redirect("accounts:official_detail", pk=assignment.user_id)
