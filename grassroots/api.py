"""The JSON API: token-authenticated, documented at /api/docs, every query through the scoping layer."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as ParameterError
from ninja.parser import Parser
from ninja.security import HttpBearer

from accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gr_…` with a token created on the account's security page."""

    def authenticate(self, request, token):
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class TextParser(Parser):
    """JSON bodies without NUL characters: PostgreSQL cannot store one, so a body holding one is refused as
    unreadable (400) rather than failing in the database."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if _holds_nul(data):
            raise ValueError("NUL character in the body")
        return data


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


api = NinjaAPI(
    title="Grassroots API",
    version="1",
    description="Administrative units, villages, households, disclosures, household votes and consultations, "
    "scoped to the caller's roles; /api/public/… serves the public portal's data, and takes residents' ballots "
    "and opinions, without a token.",
    auth=TokenAuth(),
    parser=TextParser(),
    urls_namespace="api",
)


class ErrorOut(Schema):
    """Every refusal: `detail` says what was wrong (a sentence, or a list of them or of field errors);
    `reason` is a stable word a client can act on, where there is one."""

    detail: str | list[str | dict[str, Any]]
    reason: str | None = None


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": exc.messages}, status=422)


# pydantic's error types, said in the caller's language (pydantic's own messages are English only). Each keeps
# pydantic's `type` and `loc`, so that a client can still act on them.
_PARAMETER_ERRORS = {
    "missing": gettext_noop("This field is required."),
    "greater_than_equal": gettext_noop("It must be at least %(ge)s."),
    "greater_than": gettext_noop("It must be more than %(gt)s."),
    "less_than_equal": gettext_noop("It must be at most %(le)s."),
    "less_than": gettext_noop("It must be less than %(lt)s."),
    "int_parsing": gettext_noop("It must be a whole number."),
    "int_type": gettext_noop("It must be a whole number."),
    "int_from_float": gettext_noop("It must be a whole number."),
    "float_parsing": gettext_noop("It must be a number."),
    "float_type": gettext_noop("It must be a number."),
    "bool_parsing": gettext_noop("It must be true or false."),
    "bool_type": gettext_noop("It must be true or false."),
    "date_parsing": gettext_noop("It must be a date, YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_noop("It must be a date, YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_noop("It must be a date, YYYY-MM-DD."),
    "date_type": gettext_noop("It must be a date, YYYY-MM-DD."),
    "datetime_parsing": gettext_noop("It must be a date and time, YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": gettext_noop("It must be a date and time, YYYY-MM-DDTHH:MM."),
    "datetime_type": gettext_noop("It must be a date and time, YYYY-MM-DDTHH:MM."),
    "string_type": gettext_noop("It must be text."),
    "string_too_short": gettext_noop("It must have at least %(min_length)s characters."),
    "string_too_long": gettext_noop("It must have at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_noop("It does not have the expected form."),
    "too_short": gettext_noop("It must have at least %(min_length)s items."),
    "too_long": gettext_noop("It must have at most %(max_length)s items."),
    "list_type": gettext_noop("It must be a list."),
    "dict_type": gettext_noop("It must be an object."),
    "model_type": gettext_noop("It must be an object."),
    "model_attributes_type": gettext_noop("It must be an object."),
    "literal_error": gettext_noop("It must be one of: %(expected)s."),
    "enum": gettext_noop("It must be one of: %(expected)s."),
    "uuid_parsing": gettext_noop("It must be a UUID."),
    "json_invalid": gettext_noop("It is not valid JSON."),
}


def _parameter_error(error: dict) -> dict:
    message = _PARAMETER_ERRORS.get(error.get("type", ""))
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        msg = _(message) % context if message else _("This value is not accepted.")
    except (KeyError, TypeError, ValueError):
        msg = _("This value is not accepted.")
    if error.get("type") == "value_error" and context.get("error"):
        msg = context["error"]  # our own validators' messages, already translated
    return {"loc": list(error.get("loc", ())), "msg": msg, "type": error.get("type", "")}


@api.exception_handler(ParameterError)
def parameter_error(request, exc):
    return api.create_response(request, {"detail": [_parameter_error(e) for e in exc.errors]}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found, or not yours to see.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc):
    detail = _("A valid API token is needed: Authorization: Bearer gr_…")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    # A JSON body past DATA_UPLOAD_MAX_MEMORY_SIZE (files are limited by the middleware and the upload handler).
    detail = _("The request is too large: at most %(mb)d MB can be sent at once.") % {
        "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    }
    return api.create_response(request, {"reason": "too_large", "detail": detail}, status=413)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:
        # Ninja's "Cannot parse request body": a body that is not JSON (or not a form) at all.
        detail = _(
            "The request body could not be read: send JSON (or a form where the endpoint takes files), "
            "with no NUL character in it."
        )
        return api.create_response(request, {"reason": "unreadable_body", "detail": detail}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("You may not change this unit.")}, status=403)


from consultations.api import public_router as public_consultations_router  # noqa: E402
from consultations.api import router as consultations_router  # noqa: E402
from decisions.api import public_router as public_decisions_router  # noqa: E402
from decisions.api import router as decisions_router  # noqa: E402
from disclosures.api import public_router as public_disclosures_router  # noqa: E402
from disclosures.api import router as disclosures_router  # noqa: E402
from households.api import router as households_router  # noqa: E402
from localities.api import router as localities_router  # noqa: E402

api.add_router("/", localities_router)
api.add_router("/households", households_router)
api.add_router("/disclosures", disclosures_router)
api.add_router("/public", public_disclosures_router)
api.add_router("/decisions", decisions_router)
api.add_router("/public", public_decisions_router)
api.add_router("/consultations", consultations_router)
api.add_router("/public", public_consultations_router)


def _document_refusals(api: NinjaAPI) -> None:
    """Give every operation the refusals it can answer with, so that the OpenAPI document lists each status
    code an endpoint returns (schemathesis checks that it does): 401 and 403 with a token, 404 for what is not
    there or not the caller's to see, 422 for a parameter or rule broken, 400 and 413 for a body that cannot be
    read or is too large. Codes an endpoint declares itself (409, 429, its own 400) keep their schema."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                codes = [404, 422]
                auth = next(a for a in (operation.auth_param, router.auth, api.auth) if a is not NOT_SET)
                if auth:
                    codes += [401, 403]
                if set(operation.methods) & {"POST", "PUT", "PATCH"}:
                    codes += [400, 413]
                for code in codes:
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ErrorOut)


_document_refusals(api)
