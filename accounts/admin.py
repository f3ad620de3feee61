"""Django's admin is for the operator's superusers only; officials manage accounts on the Officials page.

The admin has no sign-in of its own: its login page sends to the app's, which asks for the second factor, and
only a session verified with one may use the admin (a superuser must enrol first).
"""

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class OfficialAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "kind", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Grassroots", {"fields": ["full_name", "phone", "kind"]})]


def _may_use_admin(request) -> bool:
    user = request.user
    return user.is_active and user.is_superuser and user.is_verified()


def _admin_login(request, extra_context=None):
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if request.user.is_authenticated and request.user.is_superuser and not request.user.is_verified():
        messages.warning(request, _("The administration site needs two-step sign-in. Turn it on first."))
        return redirect("accounts:security")
    return redirect_to_login(target, reverse("accounts:login"))


admin.site.has_permission = _may_use_admin
admin.site.login = _admin_login
