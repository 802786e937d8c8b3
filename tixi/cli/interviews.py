"""Commands for interviews."""

from __future__ import annotations
