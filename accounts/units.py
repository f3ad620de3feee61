"""The unit an official is working in: chosen with the unit picker, kept in the session."""

from accounts.scoping import Action, home_units, visible_units
from localities.models import AdministrativeUnit

SESSION_KEY = "current_unit_id"


def current_unit(request) -> AdministrativeUnit | None:
    if hasattr(request, "_current_unit"):
        return request._current_unit
    unit = None
    unit_id = request.session.get(SESSION_KEY)
    if unit_id:
        unit = visible_units(request.user, Action.VIEW_UNITS).filter(pk=unit_id).first()
    if unit is None:
        unit = home_units(request.user).first()
    request._current_unit = unit
    return unit


def set_current_unit(request, unit: AdministrativeUnit) -> None:
    request.session[SESSION_KEY] = unit.pk
    request._current_unit = unit
