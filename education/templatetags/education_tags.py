"""Rendering helpers for content text: paragraphs, lists, glossary words and call links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from education import catalog

register = template.Library()

TOKEN_RE = re.compile(r"\{(emergency|poison)\}")


@register.filter
def tel_href(number: str) -> str:
    """A tel: URL for a phone number as a person typed it."""
    digits = "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def _tokens_fill(text: str, numbers: dict[str, str]) -> str:
    return TOKEN_RE.sub(lambda match: numbers.get(match.group(1), ""), text)


@register.simple_tag(takes_context=True)
def content_text(context: template.Context, text: str, scope: str = "") -> SafeString:
    """Render content text (see catalog.blocks_parse) as escaped HTML.

    Glossary words become buttons that open their meaning in place (the popover
    attribute, no script needed); {emergency} and {poison} become the reader's numbers.
    """
    prefs = context.get("prefs")
    numbers = {
        "emergency": getattr(prefs, "emergency_number", ""),
        "poison": getattr(prefs, "poison_number", ""),
    }
    level = context.get("level", "standard")
    glossary = catalog.glossary_get()
    html = []
    for index, block in enumerate(catalog.blocks_parse(_tokens_fill(text, numbers))):
        items = [
            _spans_render(item, glossary, level, f"{scope}-{index}-{n}")
            for n, item in enumerate(block.items)
        ]
        if block.kind == "list":
            html.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
                )
            )
        else:
            html.append(format_html("<p>{}</p>", items[0]))
    return _joined(html)


def _joined(parts: list[SafeString]) -> SafeString:
    """Join pieces that format_html has already escaped."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _spans_render(
    spans: tuple[catalog.Span, ...], glossary: dict[str, catalog.Term], level: str, scope: str
) -> SafeString:
    parts = []
    for number, span in enumerate(spans):
        if span.term and span.term in glossary:
            term_id = f"term-{scope}-{number}"
            parts.append(
                format_html(
                    '<button type="button" class="term" popovertarget="{}">{}</button>'
                    '<span class="term-meaning" id="{}" popover><strong>{}</strong>: {}</span>',
                    term_id,
                    span.text,
                    term_id,
                    glossary[span.term].word,
                    glossary[span.term].meaning.at(level),
                )
            )
        else:
            parts.append(format_html("{}", span.text))
    return _joined(parts)


@register.filter
def at_level(leveled: catalog.Leveled, level: str) -> str:
    return leveled.at(level)


@register.simple_tag(takes_context=True)
def content_line(context: template.Context, text: str) -> str:
    """One line of content text (a heading, a title) with the reader's numbers filled in."""
    prefs = context.get("prefs")
    numbers = {
        "emergency": getattr(prefs, "emergency_number", ""),
        "poison": getattr(prefs, "poison_number", ""),
    }
    return _tokens_fill(text, numbers)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.simple_tag
def query_fill(text: str, query: str) -> SafeString:
    """Content text with "{query}" replaced by what the reader typed, escaped and quoted."""
    before, _, after = text.partition("{query}")
    return format_html("{}<strong>“{}”</strong>{}", before, query, after)
