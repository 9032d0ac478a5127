"""The wallet provider: the service behind the resident's wallet app (``regie serve wallet``).

It serves the wallet app in ``pwa/`` and registers wallet instances (a public key per installed
app, proven by a signed challenge), with its data in SQLAlchemy 2 (async) and Alembic. Encrypted
backups, the inbox (a mailbox per case, messages, read receipts) and web push arrive with issue 6.
"""
