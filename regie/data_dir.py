"""The data directory the ``regie`` commands share: ``--data-dir``, else ``$REGIE_DATA_DIR``.

A DATA_DIR is laid out as ``regie demo`` lays it out: ``DATA_DIR/issuer``,
``DATA_DIR/verifier``, ``DATA_DIR/wallet``, ``DATA_DIR/ca``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["DATA_DIR_VARIABLE", "data_dir_from_environment"]

DATA_DIR_VARIABLE: Final = "REGIE_DATA_DIR"


def data_dir_from_environment() -> Path | None:
    """``$REGIE_DATA_DIR`` as a path; ``None`` when it is unset or empty."""
    value = os.environ.get(DATA_DIR_VARIABLE)
    return Path(value) if value else None
