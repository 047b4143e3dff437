"""Server time for the symptom checklist, a result, and a blood-pressure result."""

from __future__ import annotations

from common import django_setup, ok_get, report, timings_ms


def ok_post(client: object, url: str, data: dict[str, object], **headers: str) -> object:
    response = client.post(url, data, **headers)  # type: ignore[attr-defined]
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def main() -> None:
    django_setup()
    from django.test import Client

    client = Client()
    report(
        "GET /symptoms/not-sure/",
        timings_ms(lambda: ok_get(client, "/symptoms/not-sure/"), runs=300),
    )
    ticks = {"symptoms": ["seizure", "fever", "tremor-new", "bruising", "sleep"]}
    report(
        "POST /symptoms/tacrolimus-ir/result/",
        timings_ms(lambda: ok_post(client, "/symptoms/tacrolimus-ir/result/", ticks), runs=300),
    )
    report(
        "POST (htmx) symptom result",
        timings_ms(
            lambda: ok_post(
                client, "/symptoms/tacrolimus-ir/result/", ticks, HTTP_HX_REQUEST="true"
            ),
            runs=300,
        ),
    )
    reading = {"systolic": "185", "diastolic": "95", "systolic_2": "182", "diastolic_2": "96"}
    report(
        "POST /symptoms/blood-pressure/result/",
        timings_ms(lambda: ok_post(client, "/symptoms/blood-pressure/result/", reading), runs=300),
    )


if __name__ == "__main__":
    main()
