"""Django's admin is for the operator's superusers only; officials manage accounts on the Officials page."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
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


admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
