"""Markdown written in the portal (budget texts, assessments, initiatives) as sanitised HTML, at a bounded cost.

Python-Markdown is fast on ordinary text, but some inputs that anyone can type make it slow or make it crash:
each unmatched ``[`` makes the link patterns scan to the end of its paragraph (quadratic: 8 KB of ``[`` takes
seconds), each list marker on a line opens one more level of recursion (``"* " * 3000`` raises
``RecursionError``), and its HTML-block parser rescans the rest of the text for each unclosed tag. A reporter's
text is shown to every reader of a follow-up, and a published initiative to every visitor, so one such text
would make their pages fail for everybody. Before parsing, ``_bounded`` therefore neutralises (backslash-escapes,
so it shows as typed) what lies beyond fixed limits; a text over ``MARKDOWN_MAX_LENGTH`` and anything the parser
still fails on is shown as plain escaped paragraphs instead.
"""

from __future__ import annotations

import logging
import re
from itertools import accumulate
from typing import Any

import markdown  # type: ignore[import-untyped]
import nh3
from django import forms
from django.db import models
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_number

logger = logging.getLogger(__name__)

# The longest Markdown text a form accepts; a longer one is shown as plain text (its cost stays linear).
MARKDOWN_MAX_LENGTH = 20_000
# Lists and block quotes nest at most this deep; a deeper marker is shown as typed. Ordinary texts use two or three.
MAX_NESTING = 8
# Runs of more backticks than this are shown as typed: each unmatched run scans to the end of its paragraph, and
# only runs of different lengths stay unmatched, so this caps those scans at a few per paragraph.
MAX_BACKTICK_RUN = 8
# Characters the link patterns may scan, summed over every ``[`` and ``](`` of a text: an upper bound on that
# work (about 0,1 s), far above what a text with a few dozen links needs.
LINK_SCAN_BUDGET = 50_000
# Python-Markdown stashes each backslash escape as a placeholder this long before the link patterns run.
ESCAPE_PLACEHOLDER = 14

# A blank line is put after every this many lines without one: the block parsers copy the rest of a paragraph
# at each heading or rule in it, so 10 000 one-line headings in a row would take seconds.
MAX_PARAGRAPH_LINES = 100

TAB_LENGTH = 4  # Python-Markdown's default, which its own whitespace normalisation uses
ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")  # Python-Markdown's ESCAPED_CHARS
BLANK_LINES = re.compile(r"(\n[ ]*\n)")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]*\]:", re.MULTILINE)
CONTAINER_MARKER = re.compile(r"( *)(>|[*+-](?= )|\d+\.(?= ))")
BACKTICK_RUN = re.compile("`{" + str(MAX_BACKTICK_RUN + 1) + ",}")


class MarkdownField(forms.CharField):
    """A Markdown text as a form takes it: at most ``MARKDOWN_MAX_LENGTH`` characters, and the form says so.

    For a model's ``TextField``: ``field_classes = {"body": MarkdownField}`` in a ModelForm's Meta, or
    ``formfield_overrides`` in the admin."""

    def __init__(self, **kwargs: object) -> None:
        kwargs["max_length"] = MARKDOWN_MAX_LENGTH
        kwargs["help_text"] = _("Skriv i Markdown, högst %(limit)s tecken.") % {
            "limit": format_number(MARKDOWN_MAX_LENGTH)
        }
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.error_messages["max_length"] = _(
            "Texten har %(show_value)d tecken men får ha högst %(limit_value)d. Korta texten och spara igen."
        )


class MarkdownHTMLField(models.TextField):
    """The sanitised HTML of the Markdown text in the field ``source``, rendered when the row is written.

    Pages show this stored HTML, so no view ever runs the parser: ``Model.save()`` and ``bulk_create`` render
    it (``pre_save``); a ``save(update_fields=[...])`` naming the source names this field too when the model
    has ``RendersMarkdown``. ``QuerySet.update`` and ``bulk_update`` do not: never use them on a source.
    Read from the database it is safe HTML, so a template shows it as it is."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        html = render_markdown(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, html)
        return str.__str__(html)  # a plain str for the database driver

    def from_db_value(self, value: str | None, expression: object, connection: object) -> SafeString | None:
        return None if value is None else mark_safe(value)  # noqa: S308  (rendered by render_markdown)


def markdown_html_fields(model: type[models.Model]) -> dict[str, str]:
    """Each Markdown source field of the model to the field holding its HTML."""
    return {field.source: field.name for field in model._meta.concrete_fields if isinstance(field, MarkdownHTMLField)}


class RendersMarkdown:
    """For a model with ``MarkdownHTMLField``s: a save that names a source in ``update_fields`` writes its HTML too."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            html = markdown_html_fields(type(self))  # type: ignore[arg-type]
            kwargs["update_fields"] = {*update_fields, *(html[name] for name in update_fields if name in html)}
        super().save(*args, **kwargs)  # type: ignore[misc]


def render_stored(apps: Any, schema_editor: Any, models_by_label: tuple[str, ...]) -> None:
    """For a data migration: fills the HTML of every row of the models (``"app.Model"``) from its source."""
    for label in models_by_label:
        model = apps.get_model(label)
        fields = list(markdown_html_fields(model).values())
        for row in model._default_manager.using(schema_editor.connection.alias).iterator(chunk_size=500):
            row.save(update_fields=fields)


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised: what an editor writes can never run as script, nor make the page fail."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MARKDOWN_MAX_LENGTH:
        return plain_text(text)
    try:
        html = _parser().convert(_bounded(text))
    except Exception:  # a text must never take its page down; it is still shown, as typed
        logger.exception("Markdown could not be rendered; shown as plain text")
        return plain_text(text)
    return mark_safe(nh3.clean(html))  # noqa: S308  (nh3 has sanitised it)


def plain_text(text: str) -> SafeString:
    """The text escaped, as paragraphs at blank lines and line breaks at newlines."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308  (escaped)


def _parser() -> markdown.Markdown:
    parser = markdown.Markdown()
    # The HTML-block parser (html.parser) rescans the rest of the text for every unclosed tag. Raw HTML on a line
    # of its own is then read as a paragraph, whose tags the inline HTML pattern (linear) still passes to nh3.
    parser.preprocessors.deregister("html_block")
    return parser


def _bounded(text: str) -> str:
    """The text with every list or quote marker past ``MAX_NESTING``, every over-long backtick run and every link
    past ``LINK_SCAN_BUDGET`` backslash-escaped, so that they show as typed, and over-long paragraphs split."""
    text = text.expandtabs(TAB_LENGTH)
    lines = []
    run = 0  # lines since the last blank one
    for line in text.split("\n"):
        run = run + 1 if line.strip(" ") else 0
        if run > MAX_PARAGRAPH_LINES:
            lines.append("")
            run = 1
        lines.append(_nesting_limited(line))
    text = BACKTICK_RUN.sub(lambda run: "\\`" * len(run.group()), "\n".join(lines))
    return _links_limited(text)


def _nesting_limited(line: str) -> str:
    if _is_rule(line):  # "* * * *" is a horizontal rule, not lists in lists
        return line
    indent = len(line) - len(line.lstrip(" "))
    if indent > TAB_LENGTH * MAX_NESTING:  # indentation nests lists too
        line, indent = line[indent - TAB_LENGTH * MAX_NESTING :], TAB_LENGTH * MAX_NESTING
    depth, position = indent // TAB_LENGTH, indent
    while marker := CONTAINER_MARKER.match(line, position):
        depth += 1 + len(marker.group(1)) // TAB_LENGTH
        if depth > MAX_NESTING:
            start = marker.start(2)
            return f"{line[:start]}\\{line[start:]}"
        position = marker.end()
    return line


def _is_rule(line: str) -> bool:
    """Whether Python-Markdown reads the line as a horizontal rule (its HRProcessor, without its regex)."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body or body[0] not in "*-_":
        return False
    body = body.rstrip(" ")
    return set(body) <= {body[0], " "} and body.count(body[0]) >= 3 and "   " not in body


def _links_limited(text: str) -> str:
    """The text with each ``[`` escaped (with its ``]``) once the scans its link patterns would make exceed the
    budget. A scan runs to the matching bracket or parenthesis, at most to the end of its paragraph; where the
    paragraph has a code span or a reference definition (which hide brackets from the patterns), or a link title
    in quotes, it is counted to the end of the paragraph. Paragraphs are weighed from the last ``[`` back, since
    a scan also crosses the escapes made after it."""
    budget = LINK_SCAN_BUDGET
    parts = BLANK_LINES.split(text)
    for number in range(len(parts) - 1, -1, -2):  # the odd parts are the blank lines between paragraphs
        parts[number], budget = _paragraph_links_limited(parts[number], budget)
    return "".join(parts)


def _paragraph_links_limited(paragraph: str, budget: int) -> tuple[str, int]:
    if "[" not in paragraph:
        return paragraph, budget
    exact = "`" not in paragraph and not REFERENCE_DEFINITION.search(paragraph)
    characters = _unescaped(paragraph)
    closing = _matches(characters, "[", "]")
    parenthesis = _matches(characters, "(", ")")
    quotes = list(accumulate((c in "'\"" for c in paragraph), initial=0))
    escape: set[int] = set()
    suffix: dict[int, int] = {}  # position: the length of the paragraph from there, as the link patterns see it
    length, previous = 0, len(paragraph)
    for position, character in reversed(characters):
        # Between two unescaped characters lie only escapes, two characters each, which the patterns see stashed.
        length += (previous - position - 1) // 2 * ESCAPE_PLACEHOLDER + 1
        suffix[position], previous = length, position
        if character != "[":
            continue
        close = closing.get(position)
        cost = length - (suffix[close] if exact and close is not None else 0)
        if close is not None and close + 1 in parenthesis:  # "[text](": the link's address is scanned too
            after = parenthesis[close + 1]
            titled = quotes[after] > quotes[close]
            cost += suffix[close + 1] - (suffix[after] if exact and not titled else 0)
        elif close is not None and paragraph[close + 1 : close + 2] == "(":
            cost += suffix[close + 1]
        if cost > budget:
            escape.add(position)
            length += ESCAPE_PLACEHOLDER - 1
            if close is not None:
                escape.add(close)
                length += ESCAPE_PLACEHOLDER - 1
        else:
            budget -= cost
    if not escape:
        return paragraph, budget
    return "".join(f"\\{c}" if i in escape else c for i, c in enumerate(paragraph)), budget


def _unescaped(text: str) -> list[tuple[int, str]]:
    """The characters of the text that no backslash escapes, with their positions."""
    found = []
    escaped = False
    for position, character in enumerate(text):
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = position + 1 < len(text) and text[position + 1] in ESCAPABLE
        else:
            found.append((position, character))
    return found


def _matches(characters: list[tuple[int, str]], opening: str, closing: str) -> dict[int, int]:
    """Each opening character's position to that of the closing character that balances it."""
    stack: list[int] = []
    found = {}
    for position, character in characters:
        if character == opening:
            stack.append(position)
        elif character == closing and stack:
            found[stack.pop()] = position
    return found
