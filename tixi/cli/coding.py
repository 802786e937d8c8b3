"""Commands for coding."""

from __future__ import annotations
