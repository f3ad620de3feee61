"""Small pieces every app's views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def page_number(request) -> int:
    """The ?page= of a list, 1 when absent or not a positive number."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


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
