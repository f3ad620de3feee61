"""Demo accounts, one per role, bound to units of the demo province."""

from accounts.models import Role, RoleAssignment, User
from localities.models import AdministrativeUnit, Level

DEMO_PASSWORD = "dancoso-demo-2026"


def create_demo_accounts(province: AdministrativeUnit) -> list[tuple[str, str, str]]:
    """Returns (username, role, unit) for each account; idempotent."""
    communes = list(
        province.children.filter(level=Level.COMMUNE, children__isnull=False).distinct().order_by("code")[:2]
    )
    commune, sibling = communes[0], communes[1]
    village = commune.children.filter(level=Level.VILLAGE).order_by("code").first()
    plan = [
        ("admin", "Quản trị hệ thống", Role.SYSTEM_ADMIN, province),
        ("tinh", "Thành viên Ban Chỉ đạo tỉnh", Role.PROVINCIAL_STEERING, province),
        ("xa", "Cán bộ xã", Role.COMMUNE_OFFICIAL, commune),
        ("xa2", "Cán bộ xã bên cạnh", Role.COMMUNE_OFFICIAL, sibling),
        ("thon", "Trưởng thôn", Role.VILLAGE_HEAD, village),
        ("mttq", "Cán bộ Mặt trận Tổ quốc", Role.FATHERLAND_FRONT, commune),
        ("ttnd", "Thành viên Ban Thanh tra nhân dân", Role.INSPECTION_BOARD, commune),
        ("gsdt", "Thành viên Ban Giám sát đầu tư cộng đồng", Role.SUPERVISION_BOARD, commune),
    ]
    accounts = []
    for username, full_name, role, unit in plan:
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        accounts.append((username, str(role.label), str(unit)))
    return accounts
