"""Settings: the only place where defaults and thresholds live.

One frozen ``Settings`` object is passed down through every stage; nothing is read from the
environment or from files at import time.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ExtractSettings", "Settings"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExtractSettings(_Frozen):
    """Limits and thresholds of ``cleaner.extract``."""

    max_input_bytes: int = Field(16 * 1024 * 1024, gt=0, description="larger inputs raise")
    max_depth: int = Field(2000, gt=0, description="deeper element nesting raises before parsing")
    min_text_chars: int = Field(
        250, ge=0, description="a body shorter than this triggers relaxed extraction"
    )
    min_article_chars: int = Field(
        1, ge=0, description="a body shorter than this after every retry is 'no article'"
    )


class Settings(_Frozen):
    """All settings of cleaner, by section."""

    extract: ExtractSettings = ExtractSettings()
