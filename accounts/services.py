"""Managing officials' accounts and roles; a system administrator can only grant roles inside their scope."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from accounts.scoping import Action, require
from localities.models import AdministrativeUnit, Level

# The level of unit each role may be bound to.
ROLE_LEVELS = {
    Role.SYSTEM_ADMIN: {Level.PROVINCE, Level.COMMUNE},
    Role.PROVINCIAL_STEERING: {Level.PROVINCE},
    Role.COMMUNE_OFFICIAL: {Level.COMMUNE},
    Role.VILLAGE_HEAD: {Level.VILLAGE},
    Role.FATHERLAND_FRONT: {Level.PROVINCE, Level.COMMUNE},
    Role.INSPECTION_BOARD: {Level.COMMUNE},
    Role.SUPERVISION_BOARD: {Level.COMMUNE},
}


def _check_role_unit(role: str, unit: AdministrativeUnit) -> None:
    if unit.level not in ROLE_LEVELS[Role(role)]:
        raise ValidationError(
            _("%(role)s cannot be assigned to a unit of this level (%(level)s).")
            % {"role": Role(role).label, "level": unit.get_level_display()}
        )


@transaction.atomic
def assign_role(*, by: User, user: User, role: str, unit: AdministrativeUnit) -> RoleAssignment:
    require(by, Action.MANAGE_ACCOUNTS, unit)
    _check_role_unit(role, unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if not created:
        raise ValidationError(_("This person already has this role in this unit."))
    return assignment


@transaction.atomic
def revoke_role(*, by: User, assignment: RoleAssignment) -> None:
    require(by, Action.MANAGE_ACCOUNTS, assignment.unit)
    if assignment.user_id == by.pk and assignment.role == Role.SYSTEM_ADMIN:
        raise PermissionDenied
    assignment.delete()


@transaction.atomic
def create_official(
    *, by: User, username: str, full_name: str, password: str, role: str, unit: AdministrativeUnit, phone: str = ""
) -> User:
    require(by, Action.MANAGE_ACCOUNTS, unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), kind=User.Kind.OFFICIAL)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    assign_role(by=by, user=user, role=role, unit=unit)
    return user
