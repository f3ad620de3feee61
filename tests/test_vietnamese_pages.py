"""No English and no "[check]" reaches a Vietnamese page or document: every page residents and officials open, in
the default language, and every official paper, read for the project's own English source strings (an untranslated
one shows through as itself) and for the marks the first reading left in the rules."""

import io
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import docx
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from consultations import drafts
from consultations import services as consultation_services
from decisions import ballots
from decisions import services as decision_services
from decisions.tests.conftest import roll, yes_no_matter
from disclosures import services as disclosure_services
from disclosures.models import CatalogueItem
from steering import services as steering_services
from tests.factories import household_with, official

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{[^}]*\}")


def english_phrases() -> list[str]:
    """Literal runs of the project's English source strings long enough to be unmistakable (three words or more)
    whose Vietnamese differs: if one shows on a Vietnamese page, that string was not translated."""
    phrases = set()
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or not entry.msgid:
            continue
        translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            for piece in PLACEHOLDER.split(source):
                piece = piece.strip(" .,:;()—–-")
                if len(piece.split()) >= 3 and piece not in translated:
                    phrases.add(piece)
    return sorted(phrases, key=len, reverse=True)


ENGLISH = english_phrases()


def visible_text(html: str) -> str:
    """What a reader meets: the text, and the attributes a screen reader or a hover reads out."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    attributes = " ".join(re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', html))
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(f"{text} {attributes}"))


def assert_vietnamese(text: str, where: str) -> None:
    assert "[check" not in text, f"{where} shows a [check] mark"
    found = [phrase for phrase in ENGLISH if phrase in text]
    assert not found, f"{where} shows English: {found[:5]}"


def test_the_walk_knows_the_project_s_english(client):
    assert len(ENGLISH) > 300 and "of all households on the roll agree" in " ".join(ENGLISH)
    with pytest.raises(AssertionError, match="English"):
        assert_vietnamese("Kết quả: of all households on the roll agree", "a page")
    # The same page in English, as the language switch gives it, is caught.
    client.cookies["django_language"] = "en"
    english = client.get("/quy-dinh/", headers={"accept-language": "en"})
    with pytest.raises(AssertionError, match="English"):
        assert_vietnamese(visible_text(english.content.decode()), "/quy-dinh/ in English")


@pytest.fixture
def world(tree):
    """A commune with something of every kind in it, as its officials and residents meet it."""
    clerk = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    head = official("thon", Role.VILLAGE_HEAD, tree.village)
    steering = official("tinh", Role.PROVINCIAL_STEERING, tree.province)
    today = timezone.localdate()
    disclosure = disclosure_services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=disclosure_services.DisclosureInput(
            title="Danh sách hộ nghèo năm 2026",
            topic="social_support",
            issued_on=today,
            effective_from=today,
            catalogue_item=CatalogueItem.objects.get(code="poor-households"),
        ),
    )
    consultation = consultation_services.create_consultation(
        by=clerk,
        unit=tree.commune,
        data=consultation_services.ConsultationInput(
            title="Dự thảo kế hoạch sử dụng đất",
            subject="land_use",
            audience="residents",
            opens_on=today,
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text("Điều 1. Phạm vi\nToàn xã."),
    )
    consultation_services.publish(by=clerk, consultation=consultation)

    class Place:  # what decisions.tests.conftest's helpers read
        officer = clerk
        village = tree.village

    for i in range(2, 9):
        household_with(tree.village, f"Chủ hộ {i}", code=f"91001-{i:06d}")
    open_matter = decision_services.open_voting(by=clerk, matter=yes_no_matter(Place))
    closed = decision_services.open_voting(by=clerk, matter=yes_no_matter(Place, title="Làm đường liên thôn"))
    for entry in roll(closed)[:5]:
        ballots.cast_online(code=decision_services.code_of(entry), choices=["yes"], address="203.0.113.9")
    closed = decision_services.close_voting(by=clerk, matter=closed)
    committee = steering_services.create_committee(
        by=steering, unit=tree.province, kind="grassroots_democracy", name="Ban Chỉ đạo QCDC tỉnh"
    )
    return {
        "clerk": clerk,
        "head": head,
        "steering": steering,
        "disclosure": disclosure,
        "consultation": consultation,
        "open": open_matter,
        "closed": closed,
        "committee": committee,
    }


def test_no_page_shows_english_or_a_check_mark(client, tree, world):
    public = [
        "/",
        "/quy-dinh/",
        reverse("portal:unit", args=[tree.province.code]),
        reverse("portal:unit", args=[tree.commune.code]),
        reverse("portal:disclosure", args=[world["disclosure"].pk]),
        reverse("opinions:consultation", args=[world["consultation"].pk]),
        f"/bieu-quyet/{world['open'].pk}/",
        f"/bieu-quyet/{world['closed'].pk}/",
        f"/bieu-quyet/{world['closed'].pk}/kiem-tra/",
        "/bieu-quyet/",
    ]
    for path in public:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert_vietnamese(visible_text(response.content.decode()), path)
    official_pages = {
        "clerk": [
            reverse("disclosures:list"),
            reverse("disclosures:create"),
            reverse("disclosures:detail", args=[world["disclosure"].pk]),
            reverse("disclosures:compliance"),
            reverse("disclosures:catalogue"),
            reverse("consultations:list"),
            reverse("consultations:create"),
            reverse("consultations:detail", args=[world["consultation"].pk]),
            f"/decisions/{world['open'].pk}/",
            f"/decisions/{world['closed'].pk}/",
            "/decisions/",
            reverse("households:list"),
        ],
        "head": [f"/decisions/{world['open'].pk}/", reverse("disclosures:compliance")],
        "steering": [
            reverse("steering:committees"),
            reverse("steering:committee", args=[world["committee"].pk]),
            "/steering/dashboard/",
            reverse("disclosures:compliance"),
        ],
    }
    for who, paths in official_pages.items():
        client.force_login(world[who])
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (who, path)
            assert_vietnamese(visible_text(response.content.decode()), f"{path} as {who}")


def test_no_document_shows_english_or_a_check_mark(client, tree, world):
    from decisions import documents as decision_documents
    from disclosures import documents as disclosure_documents

    closed = world["closed"]
    papers = {
        "minutes": decision_documents.minutes_docx(closed),
        "register": disclosure_documents.register_docx(tree.commune, timezone.localdate().year, 1),
    }
    for name, content in papers.items():
        document = docx.Document(io.BytesIO(content))
        text = " ".join(
            [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        assert_vietnamese(text, name)
