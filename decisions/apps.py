from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _add_chain_function(sender, connection, **kwargs):
    """SQLite learns decisions.ledger.chain as grassroots_chain(), so that a lane's head moves on in one statement
    (PostgreSQL computes the same with sha256())."""
    if connection.vendor == "sqlite":
        from decisions.ledger import chain

        connection.connection.create_function("grassroots_chain", 2, chain, deterministic=True)


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Residents decide")

    def ready(self):
        from decisions import indicators  # noqa: F401  (registers the module's scorecard indicators)

        connection_created.connect(_add_chain_function, dispatch_uid="decisions.chain_function")
