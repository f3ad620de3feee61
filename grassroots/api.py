"""The JSON API: token-authenticated, documented at /api/docs, every query through the scoping layer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import NinjaAPI
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


api = NinjaAPI(
    title="Grassroots API",
    version="1",
    description="Administrative units, villages, households, disclosures, household votes and consultations, "
    "scoped to the caller's roles; /api/public/… serves the public portal's data, and takes residents' ballots "
    "and opinions, without a token.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": exc.messages}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "You may not change this unit."}, status=403)


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
