"""Commands for report."""

from __future__ import annotations
