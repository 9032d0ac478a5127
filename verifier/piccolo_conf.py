"""Piccolo's configuration module for the verifier (``PICCOLO_CONF=verifier.piccolo_conf``).

``DB`` is the engine from ``VERIFIER_DATABASE_URL`` (or SQLite in ``VERIFIER_DATA_DIR``); at run
time :func:`regie.db.engine.piccolo_conf` points it at the engine the app uses.
"""

from piccolo.conf.apps import AppRegistry

from regie.db.engine import engine_from_url
from verifier.settings import VerifierSettings

DB = engine_from_url(VerifierSettings().resolved_database_url())
APP_REGISTRY = AppRegistry(apps=["verifier.db.piccolo_app"])
