from accounts.scoping import Action, granted_paths
from accounts.units import current_unit as _current_unit


def current_unit(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_unit": _current_unit(request),
        "can_manage_accounts": bool(granted_paths(request.user, Action.MANAGE_ACCOUNTS)),
        "unread_notifications": request.user.notifications.filter(read_at__isnull=True).count(),
    }
