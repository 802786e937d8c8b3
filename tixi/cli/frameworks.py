"""Commands for frameworks."""

from __future__ import annotations
