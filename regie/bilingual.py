"""An error that says what went wrong in Dutch and in English, for the person who must act."""

from __future__ import annotations

__all__ = ["BilingualError"]


class BilingualError(Exception):
    """``nl`` and ``en`` say the same thing; ``str()`` is the English text (for logs)."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl = nl
        self.en = en
