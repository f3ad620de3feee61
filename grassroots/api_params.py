"""Bounds every API endpoint shares, so that a wrong number is refused with a 422 and a message, never a 500
(the database cannot take an offset past 2**63, nor a date before year 1)."""

from ninja import Query

from grassroots.http import MAX_PAGE

MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest primary key either database can hold
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years a disclosure's period can name


def page_query():
    return Query(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE}.")


def offset_query():
    return Query(0, ge=0, le=MAX_OFFSET, description=f"0 to {MAX_OFFSET}.")


def limit_query(default: int, maximum: int):
    return Query(default, ge=1, le=maximum, description=f"1 to {maximum}.")


def year_query():
    return Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description=f"{FIRST_YEAR} to {LAST_YEAR}.")
