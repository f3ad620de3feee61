"""The one scoping layer: what an official may see and change, keyed on the unit tree.

Every role assignment covers its unit and everything under it, never a sibling or a parent. Each query
an official makes for unit-bound data passes through `scope()`; each write is checked with `can()`.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.models import Role, RoleAssignment
from localities.models import PATH_END, AdministrativeUnit


class Action(StrEnum):
    VIEW_UNITS = "units.view"
    MANAGE_VILLAGES = "units.manage_villages"
    VIEW_HOUSEHOLDS = "households.view"
    CHANGE_HOUSEHOLDS = "households.change"
    MANAGE_ACCOUNTS = "accounts.manage"
    VIEW_DISCLOSURES = "disclosures.view"
    PUBLISH_DISCLOSURES = "disclosures.publish"
    MANAGE_CATALOGUE = "disclosures.manage_catalogue"
    VIEW_DECISIONS = "decisions.view"
    RUN_DECISIONS = "decisions.run"
    RECOGNISE_DECISIONS = "decisions.recognise"  # the commune People's Committee: items 3, 4; annulment (Art. 22)
    RECOGNISE_FRONT = "decisions.recognise_front"  # the commune Front committee: item 5 (Law 10/2022 Art. 21 §2)
    # Decree 59/2023 Art. 6–9: the commune prepares a village head's election and decides on dismissals.
    PREPARE_HEAD_ELECTIONS = "village_heads.prepare"
    # What the Front's village committee decides itself: the official list of candidates (Decree 59/2023 Art. 6),
    # taking up a citizens' initiative that fell short of 10% of households (Law 10/2022 Art. 16 §3).
    FRONT_COMMITTEE = "front.village_committee"
    VIEW_CONSULTATIONS = "consultations.view"
    RUN_CONSULTATIONS = "consultations.run"
    VIEW_STEERING = "steering.view"
    RUN_STEERING = "steering.run"


# What each role may do within its unit. Boards supervising investment see units, not the registry.
# Everyone who oversees a unit sees its disclosures and their compliance; those who run it publish.
CAPABILITIES: dict[Role, frozenset[Action]] = {
    Role.SYSTEM_ADMIN: frozenset(Action),
    # The provincial committee consults on its own reports and programmes at its conferences.
    Role.PROVINCIAL_STEERING: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_HOUSEHOLDS,
            Action.VIEW_DISCLOSURES,
            Action.VIEW_DECISIONS,
            Action.VIEW_CONSULTATIONS,
            Action.RUN_CONSULTATIONS,
            Action.VIEW_STEERING,
            Action.RUN_STEERING,
        }
    ),
    Role.COMMUNE_OFFICIAL: frozenset(
        {
            Action.VIEW_UNITS,
            Action.MANAGE_VILLAGES,
            Action.VIEW_HOUSEHOLDS,
            Action.CHANGE_HOUSEHOLDS,
            Action.VIEW_DISCLOSURES,
            Action.PUBLISH_DISCLOSURES,
            Action.VIEW_DECISIONS,
            Action.RUN_DECISIONS,
            Action.RECOGNISE_DECISIONS,
            Action.PREPARE_HEAD_ELECTIONS,
            Action.VIEW_CONSULTATIONS,
            Action.RUN_CONSULTATIONS,
            # The commune's own committee for grassroots democracy.
            Action.VIEW_STEERING,
            Action.RUN_STEERING,
        }
    ),
    Role.VILLAGE_HEAD: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_HOUSEHOLDS,
            Action.CHANGE_HOUSEHOLDS,
            Action.VIEW_DISCLOSURES,
            Action.PUBLISH_DISCLOSURES,
            Action.VIEW_DECISIONS,
            Action.RUN_DECISIONS,
            Action.VIEW_CONSULTATIONS,
        }
    ),
    # The Fatherland Front and the inspection board watch votes (Law 10/2022 Art. 38 §1: the board checks how what
    # residents decided is carried out; law.md A6); they do not run them. The Front recognises item 5's elections.
    Role.FATHERLAND_FRONT: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_HOUSEHOLDS,
            Action.VIEW_DISCLOSURES,
            Action.VIEW_DECISIONS,
            # Law 10/2022 Art. 21 §2: the commune Front committee recognises the election of the two boards.
            Action.RECOGNISE_FRONT,
            Action.FRONT_COMMITTEE,
            Action.VIEW_CONSULTATIONS,
            Action.VIEW_STEERING,
        }
    ),
    Role.INSPECTION_BOARD: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_HOUSEHOLDS,
            Action.VIEW_DISCLOSURES,
            Action.VIEW_DECISIONS,
            Action.VIEW_CONSULTATIONS,
        }
    ),
    Role.SUPERVISION_BOARD: frozenset({Action.VIEW_UNITS, Action.VIEW_DISCLOSURES}),
}


def _assignments(user) -> list[tuple[str, str]]:
    """(role, unit path) pairs of the user, read once per request and kept on the user object."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_scope_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit__path"))
        user._scope_assignments = cached
    return cached


def granted_paths(user, action: Action) -> list[str]:
    """The unit paths under which `user` may do `action`, with nested ones folded into their ancestor."""
    paths = sorted({path for role, path in _assignments(user) if action in CAPABILITIES.get(role, ())})
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def path_filter(user, action: Action, field: str) -> Q:
    """A Q on `field` (a unit path, possibly across a relation) matching what the user may reach."""
    q = Q(pk__in=[])
    for path in granted_paths(user, action):
        q |= Q(**{f"{field}__gte": path, f"{field}__lt": path + PATH_END})
    return q


# How each scoped model reaches its unit's path.
SCOPE_FIELDS = {
    "localities.administrativeunit": "path",
    "households.household": "village__path",
    "households.resident": "household__village__path",
    "accounts.roleassignment": "unit__path",
    "disclosures.disclosure": "unit_path",
    "disclosures.question": "disclosure__unit_path",
    "decisions.matter": "unit_path",
    "decisions.rollentry": "matter__unit_path",
    "village_heads.headelection": "unit_path",
    "village_heads.dismissal": "unit_path",
    "initiatives.initiative": "unit_path",
    "conventions.convention": "unit_path",
    "village_conferences.conference": "unit_path",
    "consultations.consultation": "unit_path",
    "consultations.opinion": "consultation__unit_path",
    "consultations.opiniongroup": "consultation__unit_path",
    "steering.committee": "unit_path",
    "steering.programme": "committee__unit_path",
    "steering.task": "programme__committee__unit_path",
    # The inspected commune sees its inspections (and answers their recommendations); the committee, all of its own.
    "steering.inspection": "commune__path",
}


def scope(user, queryset: QuerySet, action: Action) -> QuerySet:
    """Restrict `queryset` to the rows `user` may `action`; every list an official sees comes through here."""
    field = SCOPE_FIELDS[queryset.model._meta.label_lower]
    return queryset.filter(path_filter(user, action, field))


def can(user, action: Action, unit: AdministrativeUnit | None) -> bool:
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in granted_paths(user, action))


def require(user, action: Action, unit: AdministrativeUnit | None) -> None:
    if not can(user, action, unit):
        raise PermissionDenied


def visible_units(user, action: Action = Action.VIEW_UNITS) -> QuerySet:
    return scope(user, AdministrativeUnit.objects.all(), action)


def home_units(user) -> QuerySet:
    """The units a user's roles are bound to: where their pages start."""
    return AdministrativeUnit.objects.filter(role_assignments__user=user).distinct().order_by("level", "name")


def can_at_level(user, action: Action, level: int) -> bool:
    """Whether the user may `action` over a whole unit of `level` (1 = a province) or above."""
    return any(path.count("/") - 1 <= level for path in granted_paths(user, action))


def may_edit_catalogue(user) -> bool:
    # The catalogue is the law's, for every commune: only a province-level system administrator changes it.
    return user.is_superuser or can_at_level(user, Action.MANAGE_CATALOGUE, 1)
