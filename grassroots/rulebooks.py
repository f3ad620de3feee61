"""Dated rule books: each app's `rules.py` keeps its books in a list, oldest first, each with `in_force_from`.

A case (a disclosure, a consultation) keeps the book in force on the day it began; an amendment is a new book
appended with its date. These two reads are the same for every app."""

from datetime import date, timedelta


def book_on(books: list, day: date):
    """The book in force on `day`; before the first book's date, the first (the law applied no earlier)."""
    in_force = [book for book in books if book.in_force_from <= day]
    return in_force[-1] if in_force else books[0]


def valid_until(books: list, book) -> date | None:
    """The last day `book` applies: the day before the next one's date, or None while it is the newest."""
    later = [b.in_force_from for b in books if b.in_force_from > book.in_force_from]
    return min(later) - timedelta(days=1) if later else None
