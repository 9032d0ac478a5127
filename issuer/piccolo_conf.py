"""Piccolo's configuration module for the issuer (``PICCOLO_CONF=issuer.piccolo_conf``).

``DB`` is the engine from ``ISSUER_DATABASE_URL`` (or SQLite in ``ISSUER_DATA_DIR``); at run
time :func:`regie.db.engine.piccolo_conf` points it at the engine the app uses.
"""

from piccolo.conf.apps import AppRegistry

from issuer.settings import IssuerSettings
from regie.db.engine import engine_from_url

DB = engine_from_url(IssuerSettings().resolved_database_url())
APP_REGISTRY = AppRegistry(apps=["issuer.db.piccolo_app"])
