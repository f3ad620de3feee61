"""Small pieces every app's views share."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
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


def form_errors_to_messages(request, form) -> None:
    """A small form posted from a page (a button with a field or two): its errors shown on the page it returns to."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


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


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, trusted) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(request) -> str:
    """The address of the person sending the request, for rate limits and sign-in lock-outs.

    REMOTE_ADDR is the connecting peer; behind nginx that is nginx, and every resident would share one bucket.
    Only when the peer is one of settings.TRUSTED_PROXIES is X-Forwarded-For believed, and then read from the
    right: each trusted proxy appends the address it saw, so the right-most entry that is not itself a trusted
    proxy is the first one a client could not have written. Anything to its left is the client's own claim.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not trusted or not _is_trusted(remote, trusted):
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(forwarded):
        if not hop:
            continue
        if not _is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                # Not an address where a proxy should have written one: a misconfigured proxy. The proxy's own
                # address is the one thing known (axes stores addresses in an address column).
                return remote
    return remote


def step_forms(request, handlers: dict, initial: dict, go_to, may):
    """A page of small forms, one per step (`handlers`: key → (form class, action, service(by, data), message)).
    The posted one (its key in "step", its fields prefixed with it) is checked against `may(action)` and run: on
    success (redirect to `go_to(key, result)`, {}); on a refusal (None, forms) with the bound form and its errors, so
    that nothing typed is lost. Returns (None, forms) on a GET."""
    from grassroots.forms import show_errors

    bound = {}
    if request.method == "POST":
        key = request.POST.get("step", "")
        if key not in handlers:
            raise Http404
        form_class, action, service, message = handlers[key]
        if not may(action):
            raise PermissionDenied
        form = form_class(request.POST, prefix=key)
        if form.is_valid():
            try:
                result = service(request.user, form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
                # Said above the page instead: the step's form may no longer be shown once the state changed.
                for error in form.errors.pop(NON_FIELD_ERRORS, []):
                    messages.error(request, error)
            else:
                messages.success(request, message)
                return redirect(go_to(key, result)), {}
        bound[key] = form
    shown = {key: bound.get(key) or handlers[key][0](prefix=key, initial=initial) for key in handlers}
    return None, shown


def form_page(request, form, template: str, make, go_to):
    """A page with one form that makes something: on a valid post `make(cleaned_data)`, then a redirect to
    `go_to(made)`; a refusal puts the service's errors on the form, shown again with what was typed."""
    from django.shortcuts import render

    from grassroots.forms import show_errors

    if request.method == "POST" and form.is_valid():
        try:
            made = make(form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect(go_to(made))
    return render(request, template, {"form": form})
