"""Database models. Content lives in files under education/content/, not here."""

from __future__ import annotations
