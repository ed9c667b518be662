"""English through Django's i18n: the language switch, and a complete catalog."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.navigation import nav_labels
from tests.factories import RepresentativeFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


def _switch(client, code: str, next_url: str = "/"):
    response = client.get(
        reverse("accounts:language_switch", args=[code]), {"next": next_url}
    )
    assert response.status_code == 302
    return response


@pytest.mark.smoke
@pytest.mark.django_db
def test_landing_page_is_english_after_switching_and_chinese_after_switching_back(
    client,
):
    _switch(client, "en")
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    for english in (
        "Credit Repair Training and Examination Platform",
        "Pass the completion exam",
        "Enterprise representative registration",
        "Log in",
    ):
        assert english in page
    for chinese in ("信用修复培训考试平台", "通过结业考试", "企业代表注册", "登录"):
        assert chinese not in page

    _switch(client, "zh-hans")
    page = client.get("/").content.decode()
    assert 'lang="zh-hans"' in page
    assert "信用修复培训考试平台" in page
    assert "Credit Repair Training and Examination Platform" not in page


@pytest.mark.django_db
def test_login_page_is_english_after_switching(client):
    _switch(client, "en", "/accounts/login/")
    page = client.get(reverse("accounts:login")).content.decode()
    assert "First time here as an enterprise representative?" in page
    assert "Register an enterprise account" in page
    assert "企业代表首次使用" not in page
    assert "注册企业账号" not in page


@pytest.mark.django_db
def test_representatives_home_and_navigation_are_english_after_switching(client):
    client.force_login(RepresentativeFactory())
    _switch(client, "en")
    page = client.get(reverse("home")).content.decode()
    for english in (
        "What to do next",
        "Sign the credit repair commitment letters",  # journey step title
        "Choose a training session in your region.",  # journey step hint
        "Commitment letters",  # navigation label
        "Completion certificates",  # navigation label
        "Enterprise representative",  # role label
        "Log out",
    ):
        assert english in page
    for chinese in (
        "接下来要做的事",
        "签署信用修复承诺书",
        "结业证明",
        "企业代表",
        "退出登录",
    ):
        assert chinese not in page

    _switch(client, "zh-hans")
    page = client.get(reverse("home")).content.decode()
    assert "接下来要做的事" in page
    assert "What to do next" not in page


def _po_entries(text: str) -> list[dict]:
    """The .po file's entries as dicts: msgid, msgid_plural, msgstr(s), flags."""
    entries, entry, key, index = [], None, None, 0

    def unquote(s: str) -> str:
        return s[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entries don't count
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            target = entry if key in ("msgid", "msgid_plural") else entry["msgstr"]
            name = key if key in ("msgid", "msgid_plural") else index
            target[name] += unquote(line)
        else:
            m = re.match(r"(msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
            assert m, f"unparsed .po line: {line}"
            key = m.group(1)
            if key == "msgstr":
                index = int(m.group(2) or 0)
                entry["msgstr"][index] = unquote(m.group(3))
            else:
                entry[key] = unquote(m.group(3))
    return entries


def _placeholders(s: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%%|\{\w+\}", s))


def _catalog() -> list[dict]:
    entries = _po_entries(PO_PATH.read_text(encoding="utf-8"))
    return [e for e in entries if e.get("msgid")]  # skip the header


def test_english_catalog_translates_every_msgid():
    entries = _catalog()
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    plural_short = [
        e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) < 2
    ]
    assert untranslated == [], "run makemessages -l en and translate these"
    assert fuzzy == [], "check these translations and remove the fuzzy flag"
    assert plural_short == []


def test_english_translations_keep_placeholders_and_are_not_chinese_echoes():
    for entry in _catalog():
        for msgstr in entry["msgstr"].values():
            assert _placeholders(msgstr) == _placeholders(entry["msgid"]), msgstr
            if re.search(r"[\u4e00-\u9fff]", entry["msgid"]):
                assert msgstr != entry["msgid"], msgstr
            assert re.search(r"[A-Za-z]", msgstr), msgstr


def test_compiled_catalog_is_up_to_date_with_the_po_file():
    assert MO_PATH.exists(), "run manage.py compilemessages --ignore=.venv"
    with translation.override("en"):
        for entry in _catalog():
            if "msgid_plural" in entry:
                got = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
                assert got == entry["msgstr"][1], "run compilemessages"
            else:
                got = translation.gettext(entry["msgid"])
                assert got == entry["msgstr"][0], "run compilemessages"


def test_every_navigation_label_is_in_the_english_catalog():
    msgids = {e["msgid"] for e in _catalog()}
    labels = nav_labels()
    assert labels - msgids == set(), (
        "run makemessages: portal/navigation.py has labels the catalog lacks"
    )
