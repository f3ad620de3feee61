"""Rules from the law about residents and households, as pure functions."""

from datetime import date

# Constitution 2013 Art. 27: citizens aged eighteen or over have the right to vote; Law 10/2022 and
# Decree 59/2023 count voters (cử tri) in a village by that same age.
VOTING_AGE = 18


def age_on(date_of_birth: date, on: date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def is_eligible_voter(date_of_birth: date | None, on: date) -> bool:
    """A resident may vote on `on` from their eighteenth birthday (inclusive)."""
    return date_of_birth is not None and age_on(date_of_birth, on) >= VOTING_AGE


def mask_citizen_id(citizen_id: str | None) -> str:
    """Show only the last three digits of a citizen ID (căn cước): enough to tell two people apart."""
    if not citizen_id:
        return ""
    return "*" * (len(citizen_id) - 3) + citizen_id[-3:]
