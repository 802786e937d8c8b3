"""Commands for flows."""

from __future__ import annotations
