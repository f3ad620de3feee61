"""Words for the rules engine's outcomes and for refused ballots, in the UI's language."""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from decisions import rules


def _wait_for_codes() -> str:
    minutes = settings.VOTE_CODE_WINDOW_MINUTES
    return ngettext(
        "Too many wrong codes from this connection. Please wait %(n)s minute and try again.",
        "Too many wrong codes from this connection. Please wait %(n)s minutes and try again.",
        minutes,
    ) % {"n": minutes}


OUTCOMES = {
    "valid": _("Valid"),
    "failed": _("Not adopted"),
    "void": _("Void: no quorum"),
}

# The platform's first reading (decisions.rules.FIRST_READING): kept word for word for the matters decided under it.
REASONS = {
    "no_quorum": _(
        "Not more than half of those on the roll took part, so nothing was decided (exactly half is not enough)."
    ),
    "adopted": _("Adopted: more than half agreed."),
    "not_adopted": _("Not adopted: agreement did not reach more than half."),
    "no_majority": _("No option or candidate received more than half."),
    "elected": _("Elected with more than half."),
    "seats_unfilled": _("Fewer candidates than seats received more than half: the other seats go to a new vote."),
    "tie": _("Candidates tied for the last seat: a new vote among them decides it."),
}

# The law as read (Law 10/2022 Art. 21 §1): the threshold is always of every household on the roll.
LAW_REASONS = {
    "adopted": _("Adopted: %(threshold)s of all %(roll)s households on the roll agreed (at least %(needed)s)."),
    "not_adopted": _(
        "Not adopted: %(threshold)s of all %(roll)s households on the roll must agree, that is at least %(needed)s."
    ),
    "no_majority": _(
        "No option or candidate received %(threshold)s of all %(roll)s households on the roll (at least %(needed)s)."
    ),
    "elected": _("Elected with %(threshold)s of all %(roll)s households on the roll (at least %(needed)s)."),
    "seats_unfilled": _(
        "Fewer candidates than seats received %(threshold)s of all households on the roll: the other seats go to a "
        "new vote."
    ),
    "tie": _("Candidates tied for the last seat: a new vote among them decides it."),
}
NOBODY_ELECTED = _(
    "The minutes say why nobody was elected; the commune People's Committee decides on a new election "
    "(Nghị định 59/2023/NĐ-CP Điều 3 khoản 5 điểm d)."
)
FIRST_READING = _(
    "the platform's first reading of the rules, before they were checked against the law's text: this matter was "
    "decided under it and keeps it"
)

BASIS = {
    "roll": _("counted against every household on the roll"),
    "valid": _("counted against the valid ballots"),
}


def explain(matter, result: dict) -> dict:
    """A result's outcome, its reason in plain words, what it was counted against and the article it rests on."""
    if not result:
        return {"outcome": "", "reason": "", "basis": "", "article": ""}
    rule = matter.rule
    if matter.rule_book.superseded:
        reason, article = REASONS.get(result.get("reason"), ""), FIRST_READING
    else:
        words = rules.THRESHOLD_WORDS.get(rule.threshold, "")
        figures = {"threshold": words, "roll": result.get("roll", 0), "needed": result.get("needed", 0)}
        reason = LAW_REASONS.get(result.get("reason"), "")
        reason = reason % figures if reason else ""
        if rule.is_election and result.get("outcome") == "failed":
            reason = f"{reason} {NOBODY_ELECTED}"
        article = rule.pass_article
    return {
        "outcome": OUTCOMES.get(result.get("outcome"), ""),
        "reason": reason,
        "basis": BASIS.get(result.get("pass_basis"), ""),
        "article": article,
    }


# Recognition is asked for a result the village has sent; before that there is nothing to recognise.
NOT_SENT = _("The result has not been sent to the commune for recognition yet: send it first.")

REFUSALS = {
    "unknown_code": _("This code is not right. Check the code printed on your ballot sheet and try again."),
    "rate_limited": lazy(_wait_for_codes, str)(),
    "closed": _("Voting on this matter is not open."),
    "not_online": _(
        "This matter is decided at the village meeting or on ballot sheets, not online. Bring your code to the "
        "meeting, or fill in your household's ballot sheet."
    ),
    "already_online": _("Your household has already voted online. Each household votes once."),
    "already_meeting": _("Your household has already voted at the meeting. Each household votes once."),
    "already_sheet": _("Your household has already returned its ballot sheet. Each household votes once."),
    "already_voted": _("Your household has already voted. Each household votes once."),
    "other_matter": _(
        "This code votes on another question than the ballot you filled in. Here is its own ballot: read the question "
        "and choose again."
    ),
    "choice_empty": _("Choose an option before sending."),
    "choice_too_many": _("You chose more names than this ballot allows."),
    "choice_repeated": _("An option was chosen twice."),
    "choice_unknown_option": _("That option is not on this ballot."),
}


def option_lines(matter) -> list[tuple[str, int]]:
    votes = (matter.result or {}).get("votes", {})
    return [(option.label, votes.get(option.key, 0)) for option in matter.options.all()]


def result_summary(matter) -> str:
    """The result in a few plain sentences: what the minutes and the public portal say."""
    result = matter.result or {}
    labels = dict(matter.options.values_list("key", "label"))
    lines = [
        gettext("Question: %(question)s") % {"question": matter.question},
        gettext("On the roll: %(roll)s; took part: %(participants)s; valid ballots: %(valid)s; invalid: %(invalid)s.")
        % {k: result.get(k, 0) for k in ("roll", "participants", "valid", "invalid")},
    ]
    for label, n in option_lines(matter):
        lines.append(f"- {label}: {n}")
    lines.append(gettext("Result: %(outcome)s. %(reason)s (%(basis)s; %(article)s)") % explain(matter, result))
    winners = [labels.get(k, k) for k in result.get("winners", []) if k in labels and matter.ballot_kind != "yes_no"]
    if winners:
        lines.append(gettext("Elected or chosen: %(names)s.") % {"names": ", ".join(winners)})
    if matter.final_hash:
        lines.append(gettext("Final hash of the ballot ledger: %(hash)s") % {"hash": matter.final_hash})
    return "\n".join(lines)
