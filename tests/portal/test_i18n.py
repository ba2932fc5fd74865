"""Swedish by default, English on request, and an English catalogue that is complete and compiled.

The msgids are the Swedish texts in the code and templates. After changing one,
run `make messages`, translate every new or changed entry in
locale/en/LC_MESSAGES/django.po (no empty msgstr, no "#, fuzzy") and compile
it again; these tests fail until that is done.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.models import User

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# Python format placeholders: %(name)s, %d, %s, %%; and {name} for brace-format.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|\{[^{}]*\}")


@dataclass
class Entry:
    """One entry of a .po file."""

    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"{PO_FILE.name}:{self.line}: {self.msgid!r}"


def _unquote(text: str, lineno: int) -> str:
    """The value of one quoted .po string, such as "Logga in\\n"."""
    text = text.strip()
    assert len(text) >= 2 and text[0] == text[-1] == '"', f"{PO_FILE.name}:{lineno}: expected a quoted string"
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included, obsolete (#~) entries left out.

    A small state machine: a keyword line (msgctxt, msgid, msgid_plural,
    msgstr, msgstr[n]) starts a string, and each following line that is only a
    quoted string continues it. Flags ("#, fuzzy, python-format") belong to the
    entry they precede.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # which string a continuation line extends
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            target = None
            continue
        if line.startswith("#"):
            target = None
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            assert entry is not None and target is not None, f"{PO_FILE.name}:{lineno}: string outside an entry"
            value = _unquote(line, lineno)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        match = keyword.match(line)
        assert match, f"{PO_FILE.name}:{lineno}: cannot read {raw!r}"
        name, index_text, quoted = match.groups()
        value = _unquote(quoted, lineno)
        if name in ("msgctxt", "msgid") and (entry is None or entry.msgstr):
            entry = Entry(line=lineno, flags=flags)
            entries.append(entry)
            flags = set()
        assert entry is not None, f"{PO_FILE.name}:{lineno}: {name} before msgid"
        if name.startswith("msgstr"):
            index = int(index_text) if index_text is not None else 0
            entry.msgstr[index] = value
            target = ("msgstr", index)
        else:
            setattr(entry, name, value)
            target = (name, 0)
    return entries


def _messages(path: Path = PO_FILE) -> list[Entry]:
    return [entry for entry in parse_po(path) if not entry.is_header]


# --- The language a visitor sees --------------------------------------------------


def test_start_page_is_swedish_by_default(client: Client, db: None) -> None:
    response = client.get(reverse("portal:home"), follow=True)  # anonymous: the public start page

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    assert "Sign in" not in html


def test_choosing_english_switches_the_language(client: Client, db: None) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"

    html = client.get("/", follow=True).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Logga in" not in html


def test_english_reaches_texts_from_models_for_a_signed_in_user(client: Client, reporter: User) -> None:
    """Role labels are lazy translations in models.py; they must follow the chosen language too."""
    client.force_login(reporter)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("portal:dashboard")).content.decode()

    assert '<html lang="en">' in html
    assert "My page" in html
    assert "Reporter" in html
    assert "Rapportör" not in html


# --- The catalogue ------------------------------------------------------------------


def test_po_parser_reads_multi_line_strings_flags_and_plurals(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: en\\n"\n'
        "\n"
        "#: a.py:1\n"
        "#, fuzzy, python-format\n"
        'msgid ""\n'
        '"Du loggades ut efter %(minutes)d "\n'
        '"minuter."\n'
        'msgstr "Signed out after %(minutes)d minutes."\n'
        "\n"
        'msgctxt "meny"\n'
        'msgid "Start"\n'
        'msgstr ""\n'
        "\n"
        'msgid "en nämnd"\n'
        'msgid_plural "%(count)d nämnder"\n'
        'msgstr[0] "one \\"committee\\""\n'
        'msgstr[1] ""\n'
        "\n"
        '#~ msgid "Gammal"\n'
        '#~ msgstr "Old"\n',
        encoding="utf-8",
    )

    header, signed_out, start, committees = parse_po(po)

    assert header.is_header and header.msgstr == {0: "Language: en\n"}
    assert signed_out.msgid == "Du loggades ut efter %(minutes)d minuter."
    assert signed_out.flags == {"fuzzy", "python-format"}
    assert (start.msgctxt, start.msgid, start.msgstr, start.flags) == ("meny", "Start", {0: ""}, set())
    assert committees.msgid_plural == "%(count)d nämnder"
    assert committees.msgstr == {0: 'one "committee"', 1: ""}


def test_po_header_is_valid() -> None:
    header = parse_po(PO_FILE)[0]
    assert header.is_header, "the .po file must start with its header"
    assert "fuzzy" not in header.flags, "the header is marked fuzzy; remove the '#, fuzzy' line above it"
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields.get("Language") == "en"
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_message_is_translated() -> None:
    messages = _messages()
    assert messages, f"{PO_FILE} has no messages; run `make messages`"

    fuzzy = [str(entry) for entry in messages if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries (check the translation, then remove '#, fuzzy'):\n" + "\n".join(fuzzy)

    untranslated = [str(entry) for entry in messages if not entry.msgstr or not all(entry.msgstr.values())]
    assert not untranslated, "untranslated entries (fill in msgstr):\n" + "\n".join(untranslated)


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for entry in _messages():
        for index, msgstr in entry.msgstr.items():
            # An English singular may spell out the number ("one committee") instead of %(count)d.
            if entry.msgid_plural is not None and index == 0:
                continue
            source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr)):
                wrong.append(f"{entry}: {msgstr!r}")
    assert not wrong, "translations whose placeholders differ from the Swedish text:\n" + "\n".join(wrong)


def test_compiled_catalogue_matches_the_po_file() -> None:
    assert MO_FILE.exists(), f"{MO_FILE} is missing; run `make messages`"
    with MO_FILE.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]

    stale = []
    for entry in _messages():
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        for index, msgstr in entry.msgstr.items():
            compiled = catalog.get((key, index)) if entry.msgid_plural is not None else catalog.get(key)
            if compiled != msgstr:
                stale.append(f"{entry}: {compiled!r} in the .mo, {msgstr!r} in the .po")
    assert not stale, f"{MO_FILE.name} is stale; run `make messages` (or compilemessages):\n" + "\n".join(stale)
