"""Server time to render the main public pages (Django test client, no network)."""

from __future__ import annotations

from common import django_setup, ok_get, report, timings_ms


def main() -> None:
    django_setup()
    from django.test import Client

    client = Client()
    for url in ["/", "/learn/", "/learn/voclosporin/", "/learn/side-effects/?level=easy", "/help/"]:
        report(f"GET {url}", timings_ms(lambda url=url: ok_get(client, url), runs=300))
    report(
        "GET /learn/voclosporin/ (htmx level switch)",
        timings_ms(
            lambda: ok_get(client, "/learn/voclosporin/?level=easy", HTTP_HX_REQUEST="true"),
            runs=300,
        ),
    )


if __name__ == "__main__":
    main()
