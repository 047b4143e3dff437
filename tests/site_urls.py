"""Every named URL, sorted into public pages the whole-site tests walk and the rest.

A new named URL must be added here, or the whole-site test fails: every page gets
checked for status, one <h1>, size and accessibility.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Public pages that take arguments: name -> sample arguments.
PUBLIC_WITH_ARGS: dict[str, list[tuple[str, ...]]] = {
    "learn-path": [("lupus-nephritis",), ("transplant",), ("eczema",), ("caregivers",)],
    "lesson": [("what-are-cnis",), ("voclosporin",), ("side-effects",)],
}
# Not HTML pages, or answer only POST: covered by their own tests.
NOT_PAGES: set[str] = {"favicon", "robots", "lesson-check"}
# Pages that need a signed-in account: walked by the private-page tests.
PRIVATE: set[str] = set()


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def public_pages() -> list[str]:
    urls = []
    for name in sorted(url_names() - NOT_PAGES - PRIVATE):
        for args in PUBLIC_WITH_ARGS.get(name, [()]):
            urls.append(reverse(name, args=args))
    return urls
