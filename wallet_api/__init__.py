"""The wallet provider: the service behind the resident's wallet app.

This package will hold the wallet provider service: wallet instances and attestations, encrypted
backups, the inbox (a mailbox per case, messages, read receipts) and web push, with its data in
SQLAlchemy 2 (async) and Alembic. It also serves the wallet app in ``pwa/``. It arrives with
issues 5 and 6; until then it is empty and ``regie serve wallet`` says so.
"""
