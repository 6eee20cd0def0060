"""The English translation is complete, compiled, and in step with the code.

Indonesian is the source language (LANGUAGE_CODE "id"); every msgid in
kinerja/locale/en/LC_MESSAGES/django.po must carry a reviewed English msgstr.
To update after changing a string:

    uv run kinerja makemessages -l en --ignore=.venv --ignore=tests --ignore=data
    (translate, remove every "#, fuzzy")
    uv run kinerja compilemessages --ignore=.venv
"""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "kinerja" / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: enough for the files makemessages writes (no obsolete entries)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current
        if current.msgid or current.msgstr or current.msgctxt is not None:
            entries.append(current)
        current = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current.msgid or current.msgstr:
                finish()
            current.fuzzy = "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            if keyword in {"msgid", "msgctxt"} and (current.msgid or current.msgstr):
                finish()
            text = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            else:
                target = (keyword, 0)
            if keyword == "msgid":
                current.line = number
        assert target is not None, f"{path}:{number}: text outside an entry"
        name, index = target
        if name == "msgid":
            current.msgid += text
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + text
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + text
        elif name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + text
        else:
            raise AssertionError(f"{path}:{number}: unexpected keyword {keyword!r}")
    finish()
    return entries


def messages(path: Path) -> list[Entry]:
    """The translatable entries (the header, msgid "", left out)."""
    return [e for e in parse_po(path) if e.msgid]


def describe(entries: list[Entry]) -> str:
    return "\n".join(f"  line {e.line}: {e.msgid!r}" for e in entries[:30])


def test_english_catalogue_has_entries() -> None:
    assert PO.exists(), f"missing {PO}; run makemessages -l en"
    assert len(messages(PO)) > 100


def test_english_has_no_untranslated_entries() -> None:
    untranslated = [
        e for e in messages(PO) if not e.msgstr or any(not s.strip() for s in e.msgstr.values())
    ]
    assert not untranslated, "untranslated English entries:\n" + describe(untranslated)


def test_english_has_no_fuzzy_entries() -> None:
    header = parse_po(PO)[0]
    assert not header.fuzzy, "the PO header is marked fuzzy: msgfmt would drop it"
    fuzzy = [e for e in messages(PO) if e.fuzzy]
    assert not fuzzy, "fuzzy English entries (review them, then drop the flag):\n" + describe(fuzzy)


def test_compiled_catalogue_matches_the_po_file() -> None:
    """A forgotten `compilemessages` would ship the old English to users."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(PO):
        want = entry.msgstr.get(0, "")
        if entry.msgid_plural is not None and entry.msgctxt is not None:
            got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        elif entry.msgid_plural is not None:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt is not None:
            got = compiled.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = compiled.gettext(entry.msgid)
        if got != want:
            stale.append(entry)
    assert not stale, "django.mo is out of date; run compilemessages for:\n" + describe(stale)


@pytest.mark.parametrize(
    ("indonesian", "english"),
    [
        ("Kinerja Saya", "My performance"),
        ("Tim Saya", "My team"),
        ("Catat realisasi", "Record realisasi"),
        ("Bagaimana nilai ini dihitung", "How this value is calculated"),
    ],
)
def test_activating_english_translates_the_interface(indonesian: str, english: str) -> None:
    with translation.override("en"):
        assert translation.gettext(indonesian) == english
    with translation.override("id"):
        assert translation.gettext(indonesian) == indonesian


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_code_is_in_the_english_catalogue(tmp_path: Path) -> None:
    """Extract the strings afresh from a copy of the package and compare.

    Catches a new or changed {% translate %} or gettext() whose English was never
    written, without touching the working tree.
    """
    copy = tmp_path / "kinerja"
    shutil.copytree(
        ROOT / "kinerja",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static"),
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "KINERJA_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = messages(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = [
        e for e in fresh if e.fuzzy or not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    assert not missing, (
        "strings in the code without a reviewed English translation; run makemessages -l en, "
        "translate, then compilemessages:\n" + describe(missing)
    )
