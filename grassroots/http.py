"""Small pieces every app's views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

# No list is this long; a page past it is a mistake or a probe, and its offset would overflow the database.
MAX_PAGE = 10_000


def page_number(request) -> int:
    """The ?page= of a list, 1 when absent or not a positive number; past MAX_PAGE the page does not exist."""
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    if number > MAX_PAGE:
        raise Http404("No such page.")
    return max(1, number)


def act(request, go_to: str, action, success_message):
    """Run a service for a button: its refusal, or the success message, shows on the page redirected to."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message)
    return redirect(go_to)
