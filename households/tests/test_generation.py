from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from households.models import Household, Resident
from households.rules import is_eligible_voter
from localities.models import AdministrativeUnit, Level


@pytest.mark.django_db
def test_generate_province_builds_the_requested_population_and_reports_progress():
    out = StringIO()
    call_command(
        "generate_province",
        "--province",
        "08",
        "--communes",
        "2",
        "--villages-per-commune",
        "3",
        "--households",
        "60",
        stdout=out,
    )
    province = AdministrativeUnit.objects.get(code="08")
    villages = AdministrativeUnit.objects.under(province.path).filter(level=Level.VILLAGE)
    assert villages.count() == 6
    assert Household.objects.count() == 60
    assert "done: 60 households" in out.getvalue()
    for household in Household.objects.select_related("representative", "head")[:20]:
        # Every generated household has an adult representative who belongs to it.
        assert household.representative.household_id == household.pk
        assert is_eligible_voter(household.representative.date_of_birth, household.created_at.date())
    ids = [c for c in Resident.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True)]
    assert len(ids) == len(set(ids)) and all(len(c) == 12 for c in ids)
    # Bulk-loaded rows are in the search index too.
    from households.selectors import search_households
    from tests.factories import official

    user = official("tinh", Role.PROVINCIAL_STEERING, province)
    name = Resident.objects.first().full_name
    assert search_households(user, unit=province, query=name).items


@pytest.mark.django_db
def test_setup_demo_prints_one_account_per_role_that_can_sign_in():
    out = StringIO()
    call_command("setup_demo", "--households", "120", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for username in ["admin", "tinh", "xa", "xa2", "thon", "mttq", "ttnd", "gsdt"]:
        assert f"  {username} " in text
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert {r for r in User.objects.values_list("role_assignments__role", flat=True)} == set(Role.values)
    # The provincial committee's conference: 11 opinions, each absorbed into the report's second version.
    from consultations.models import Consultation, Opinion

    conference_opinions = Opinion.objects.filter(channel="conference")
    assert conference_opinions.count() == 11
    assert {o.group.applied_in.number for o in conference_opinions} == {2}
    call_command("setup_demo", "--households", "120", stdout=StringIO())  # idempotent
    assert Household.objects.count() == 120
    # The commune's draft, the provincial conference's report, the demo convention's draft (each made once).
    assert Consultation.objects.count() == 3
    from steering.models import Programme

    assert Programme.objects.get(committee__kind="grassroots_democracy").status == "adopted"
