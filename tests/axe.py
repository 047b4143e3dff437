"""Run axe-core (WCAG 2.0/2.1/2.2 A and AA, plus best practice) on a page."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_axe = Axe()


def axe_violations(page: Any) -> list[str]:
    """Every violation on the page, one line each (empty when the page is clean)."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    lines = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines
