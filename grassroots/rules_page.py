"""The public page of the rules in force: each rule with its article, the period it applies in, and the reading
taken where the text leaves a choice. It reads the apps' rules modules, so it shows exactly what the code applies."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control

from consultations import rules as consultation_rules
from consultations.models import Subject
from conventions import rules as convention_rules
from decisions import rules as decision_rules
from decisions.models import MatterType
from disclosures import rules as disclosure_rules
from initiatives import rules as initiative_rules
from village_conferences import rules as conference_rules
from village_heads import rules as head_rules


def _article_11_items() -> list[tuple[int, list[str]]]:
    """Art. 11's items with the catalogue entries seeded under each (the titles as the law's reading split them)."""
    items: dict[int, list[str]] = {}
    for _code, number, title, *_rest in disclosure_rules.CATALOGUE:
        items.setdefault(number, []).append(title)
    return sorted(items.items())


@cache_control(public=True, max_age=300)
def rules_in_force(request):
    labels = dict(MatterType.choices)
    books = [
        {
            "book": book,
            "until": decision_rules.valid_until(book),
            "rules": [(labels[code], rule) for code, rule in book.rules.items()],
            "readings": list(dict.fromkeys(reading for rule in book.rules.values() for reading in rule.readings)),
        }
        for book in decision_rules.BOOKS
    ]
    deadlines = [
        (decision_rules.SEND_WORKING_DAYS, "send", decision_rules.SEND_ARTICLE),
        (decision_rules.RECOGNITION_WORKING_DAYS, "recognise", decision_rules.RECOGNITION_ARTICLE),
        (decision_rules.MEETING_NOTICE_DAYS, "notice", decision_rules.MEETING_NOTICE_ARTICLE),
    ]
    return render(
        request,
        "rules.html",
        {
            "books": books,
            "deadlines": deadlines,
            "team": decision_rules.COUNTING_TEAM_SIZES,
            "team_article": decision_rules.COUNTING_TEAM_ARTICLE,
            "ballot_article": decision_rules.BALLOT_ARTICLE,
            "ballot_notice": decision_rules.BALLOT_NOTICE_DAYS,
            "ballot_most": decision_rules.BALLOT_ROUND_MOST_DAYS,
            "round_reading": decision_rules.round_reading_words(),
            "round_setting": decision_rules.round_reading().value,
            "disclosure_books": [
                {
                    "book": book,
                    "until": disclosure_rules.valid_until(book),
                    "permanent": ", ".join(str(n) for n in sorted(book.permanent_items)),
                    "radio": ", ".join(str(n) for n in sorted(book.radio_items)),
                    "items": _article_11_items(),
                }
                for book in disclosure_rules.BOOKS
            ],
            "head_books": [
                {
                    "book": book,
                    "until": head_rules.valid_until(book),
                    "steps": [
                        {"words": head_rules.STEP_WORDS[s.key], "days_before": s.days_before, "article": s.article}
                        for s in book.steps
                    ],
                }
                for book in head_rules.BOOKS
            ],
            "convention_books": [
                {"book": book, "until": convention_rules.valid_until(book)} for book in convention_rules.BOOKS
            ],
            "conference_books": [
                {"book": book, "until": conference_rules.valid_until(book)} for book in conference_rules.BOOKS
            ],
            "initiative_books": [
                {"book": book, "until": initiative_rules.valid_until(book)} for book in initiative_rules.BOOKS
            ],
            "term_months": head_rules.term_months(),
            "term_article": head_rules.TERM_ARTICLE,
            "consultation_books": [
                {"book": book, "until": consultation_rules.valid_until(book)} for book in consultation_rules.BOOKS
            ],
            "consultation_reading": consultation_rules.READING_INCLUSIVE
            if consultation_rules.counts_publication_day()
            else consultation_rules.READING,
            "subjects": [
                (label, consultation_rules.article_of(value))
                for value, label in Subject.choices
                if value not in consultation_rules.NOT_UNDER_ARTICLE_25
            ],
        },
    )
