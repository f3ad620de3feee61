"""The Content-Security-Policy holds on the main pages: nothing inline is refused because nothing inline is left,
and what used to be inline (htmx, confirmations, the QR code's household code) still works (issue 13, finding 9).
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from consultations.tests.test_services import open_consultation
from decisions import selectors
from decisions import services as decisions
from decisions.models import Matter
from disclosures import services as disclosures
from tests.browser.test_commune_official import sign_in
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports each refusal both as an event on the document and on the console.
COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


class Violations:
    def __init__(self, page):
        self.page = page
        self.seen = []
        self.failed = []  # what a page asked for and did not get (a phone pays for each on a slow network)
        page.context.add_init_script(COLLECT)
        page.on("console", self._console)
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.seen.append(f"{self.page.url}: {message.text}")

    def visit(self, url):
        response = self.page.goto(url)
        assert response.status < 400, (url, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        self.seen += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__cspViolations || []")]


@pytest.fixture
def scene(tree):
    officer = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    official("tinh", Role.PROVINCIAL_STEERING, tree.province)
    disclosure = disclosures.publish_disclosure(
        by=officer,
        unit=tree.commune,
        data=disclosures.DisclosureInput(
            title="Kế hoạch làm đường bê tông thôn Đông",
            topic="investment",
            issued_on=date.today(),
            effective_from=date.today(),
        ),
    )
    matter = decisions.create_matter(
        by=officer,
        village=tree.village,
        data=decisions.MatterInput(
            matter_type="other_self_managed",
            title="Ngày hội văn hoá thôn",
            question="Tổ chức ngày hội văn hoá thôn vào 18/11?",
            ballot_kind="yes_no",
        ),
    )
    matter = decisions.record_online_choice(
        by=officer, matter=matter, chosen_on=date.today(), households=1, how="Họp thôn"
    )
    matter = decisions.open_voting(by=officer, matter=matter)
    consultation = open_consultation(officer, tree.commune)
    code = decisions.code_of(selectors.roll_of(matter)[0])
    return {"disclosure": disclosure, "matter": matter, "consultation": consultation, "code": code}


def test_the_main_pages_break_no_rule_of_the_content_security_policy(page, tree, scene):
    csp = Violations(page)
    # Residents, signed out.
    csp.visit("/accounts/login/")
    csp.visit("/cong-khai/")
    csp.visit(f"/cong-khai/{tree.commune.code}/")
    csp.visit(f"/cong-khai/muc/{scene['disclosure'].pk}/")
    csp.visit(f"/y-kien/{scene['consultation'].pk}/")
    # The QR code's household code comes in after "#" and is filled in by a static script.
    csp.visit(f"/bieu-quyet/#{scene['code']}")
    expect(page.locator("#code")).to_have_value(scene["code"])
    page.get_by_role("button", name="Tiếp tục").click()
    csp.check()
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_role("button", name="Gửi biểu quyết").click()
    expect(page.locator("#receipt")).to_be_visible()
    csp.check()
    page.get_by_role("button", name="Xem trên bảng tin công khai").click()  # posts the receipt to the bulletin
    expect(page.locator("[role=status]")).to_contain_text("Đã được tính")
    csp.check()
    csp.visit(f"/bieu-quyet/{scene['matter'].pk}/kiem-tra/")

    # A commune official.
    sign_in(page, "xa")
    csp.check()
    csp.visit("/")
    csp.visit("/households/")
    # htmx still swaps the results in as one types.
    page.get_by_label("Tìm theo tên").fill("nguyen van duc")
    expect(page.locator("#household-results")).to_contain_text("Nguyễn Văn Đức")
    expect(page.locator("#household-results")).not_to_contain_text("Lê Thị Hoa Lan")
    csp.check()
    csp.visit(f"/decisions/{scene['matter'].pk}/")
    # A confirmation that used to be an inline onsubmit= still asks first (and, dismissed, does nothing).
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    assert asked and "không ai biểu quyết được nữa" in asked[0]
    assert Matter.objects.get(pk=scene["matter"].pk).status == "open"
    csp.check()
    csp.visit("/disclosures/compliance/")
    page.get_by_role("button", name="Đăng xuất (xa)").click()

    # A provincial steering member.
    sign_in(page, "tinh")
    csp.visit("/steering/dashboard/")
    csp.visit("/disclosures/compliance/")

    assert csp.seen == []
    assert csp.failed == []


def test_an_injected_inline_script_is_refused_and_reported(page, tree):
    """The collector above can see a refusal: an inline script added to a page is blocked and reported."""
    csp = Violations(page)
    csp.visit("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    csp.check()
    assert any("script-src" in v for v in csp.seen)
