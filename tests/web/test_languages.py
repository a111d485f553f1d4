"""Nothing English on a Russian or Kazakh page: every page of `tests/test_urls.py` PAGES is
rendered with the demo data for a signed-in coordinator in kk and ru, and its visible text (and the
labels a screen reader reads: aria-label, title, placeholder, alt) must hold no interface English.

English is found two ways, so that both a string marked for translation but left untranslated and
a string never marked at all are caught:

- a text run equal to an English msgid of the catalogues ("Projects", "Save");
- a Latin-script word of the interface's English vocabulary (every word of every msgid, plus the
  common function words) — so "escalated" or a hard-coded "Stage" fail — or an identifier
  ("in_progress"). Words in capitals of up to five letters are codes (USD, CSV) and pass.

Text inside an element whose `lang` says it is in another language (the language switcher's own
names, a record written only in English shown as such with `lang="en"`) or that says
`translate="no"` (a user name, a code) is left out: it is content, marked for what it is.
Proper names and codes that are the same in every language are listed in
`SAME_IN_EVERY_LANGUAGE`.

The catalogues themselves must be complete: every msgid of ru and kk has a translation, none fuzzy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse

import keruen
from tests.accounts.factories import make_user
from tests.test_urls import PAGES

LANGUAGES = ("ru", "kk")
CATALOGUES = sorted(Path(keruen.__file__).parent.rglob("locale/*/LC_MESSAGES/django.po"))

#: Routes that are no page to read: probes, files, redirects and POST-only actions.
NOT_PAGES = {
    "accounts/logout/": "POST only",
    "brief/": "a PDF (tests/reports/test_briefing.py reads it in each language)",
    "healthz": "probe (JSON)",
    "readyz": "probe (JSON)",
    "metrics": "Prometheus text",
    "maps/kz-regions.geojson": "GeoJSON",
    "ingest/facts/<int:pk>/<action>/": "POST only",
    "initiatives/<slug:code>/<slug:action>": "POST only",
    "instructions/<int:pk>/close": "POST only",
    "instructions/<int:pk>/escalate": "POST only",
    "instructions/<int:pk>/extend": "POST only",
    "instructions/<int:pk>/report": "POST only",
    "issues/<int:pk>/<slug:action>": "POST only",
    "notifications/follow": "POST only",
    "notifications/unfollow": "POST only",
    "projects/<slug:code>/confirm-inferred/": "POST only",
    "public-reports/<int:pk>/": "POST only",
    "open/data/<str:name>": "a file (tests/portal reads every one)",
    "agreements/lookup/": "JSON for the type-ahead pickers",
    "events/lookup/": "JSON for the type-ahead pickers",
    "organizations/lookup/": "JSON for the type-ahead pickers",
    "projects/lookup/": "JSON for the type-ahead pickers",
    "regions/lookup/": "JSON for the type-ahead pickers",
    "fx/usd/": "JSON for the money inputs' USD preview",
    "views/save": "POST only",
    "views/<int:pk>/": "a redirect to its list",
    "views/<int:pk>/export": "a redirect to its list's export",
    "views/<int:pk>/home": "POST only",
    "views/<int:pk>/delete": "POST only",
    "projects/<slug:code>/approve-schedule/": "POST only",
    "projects/<slug:code>/milestones/template/": "POST only",
}

#: Routes ending so are files, not pages (exports, feeds, catalogues, sitemaps).
FILE_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonld", ".atom", ".xml", ".txt", ".pdf")

#: Words in Latin script that are the same on every page: the product, currencies, codes, formats.
SAME_IN_EVERY_LANGUAGE = {
    "keruen", "usd", "kzt", "cny", "eur", "api", "csv", "xlsx", "json", "pdf", "iati", "oc4ids",
    "bin", "uscc", "iso", "fdi", "kazakh", "invest", "atom",
}  # fmt: skip

#: Common English words that may not occur in a msgid but do in an English sentence.
FUNCTION_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "not", "no", "yes", "is", "are", "was", "were", "be", "been", "has", "have", "this", "that",
    "these", "those", "it", "its", "their", "all", "any", "each", "every", "some", "none", "new",
    "edit", "save", "show", "more", "less", "open", "closed", "true", "false", "null",
}  # fmt: skip

PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


@cache
def english_msgids() -> frozenset[str]:
    ids: set[str] = set()
    for path in CATALOGUES:
        with path.open("rb") as f:
            for message in read_po(f):
                for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
                    if msgid:
                        ids.add(msgid)
    return frozenset(ids)


@cache
def english_vocabulary() -> frozenset[str]:
    words = {
        w.lower()
        for msgid in english_msgids()
        for w in LATIN_WORD.findall(PLACEHOLDER.sub(" ", msgid))
        if len(w) > 2
    }
    return frozenset((words | FUNCTION_WORDS) - SAME_IN_EVERY_LANGUAGE)


class _Text(HTMLParser):
    """The text a reader sees or hears, leaving out scripts, styles and other-language parts."""

    #: Not read as interface: code, and what a form holds for editing (the record's own text).
    SKIPPED = {"script", "style", "template", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip
    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[bool] = []  # True where the text is hidden or in another language
        self.runs: list[str] = []

    def _hidden(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        lang = (a.get("lang") or "")[:2]
        hidden = (
            tag in self.SKIPPED
            or a.get("translate") == "no"
            or bool(lang and tag != "html" and lang != self.page_lang)
        )
        if not hidden and not self._hidden():
            self.runs += [v for k in self.SPOKEN if (v := a.get(k))]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.runs.append(a["value"] or "")
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.runs.append(data)


def visible_text(html: str, lang: str) -> list[str]:
    parser = _Text(lang)
    parser.feed(html)
    return [" ".join(r.split()) for r in parser.runs]


def _code(word: str) -> bool:
    return word.isupper() and len(word) <= 5


def english_in(runs: list[str]) -> list[str]:
    """The English interface strings and words in `runs`."""
    msgids, vocabulary = english_msgids(), english_vocabulary()
    found = {r for r in runs if r in msgids and LATIN_WORD.search(r) and not _code(r)}
    for r in runs:
        found |= {
            w
            for w in LATIN_WORD.findall(r)
            if "_" in w or (w.lower() in vocabulary and not _code(w))
        }
    return sorted(found)


def _example_keys() -> dict[str, str]:
    """A demo record behind each kind of detail page."""
    from keruen.agreements.models import Agreement, Event
    from keruen.blockers.models import Issue
    from keruen.core.models import Confidentiality
    from keruen.ingest.models import Document
    from keruen.instructions.models import Instruction
    from keruen.parties.models import Organization
    from keruen.projects.models import Milestone, Project
    from keruen.regions.models import Initiative
    from keruen.targets.models import Target

    meeting = Event.objects.filter(kind=Event.Kind.MEETING).first()
    public = Confidentiality.PUBLIC
    milestone = Milestone.objects.order_by("project__code", "pk").select_related("project").first()
    investor = (
        Organization.objects.filter(investments__project__confidentiality=public)
        .order_by("code")
        .first()
    )
    return {
        "issues": str(Issue.objects.order_by("pk").first().pk),  # type: ignore[union-attr]
        "issues/raise": "KZCN-001",
        "projects/<slug:code>/milestones": {
            "code": milestone.project.code,
            "pk": str(milestone.pk),
        },  # type: ignore[union-attr]
        "open/projects": Project.objects.filter(confidentiality=public)
        .order_by("code")
        .first()
        .code,  # type: ignore[union-attr]
        "open/agreements": Agreement.objects.filter(confidentiality=public)
        .order_by("code")
        .first()
        .code,  # type: ignore[union-attr]
        "open/events": Event.objects.order_by("slug").first().slug,  # type: ignore[union-attr]
        "open/investors": investor.code,  # type: ignore[union-attr]
        "open/regions": "KZ-19",
        "open/data": "projects",
        "agreements": Agreement.objects.order_by("code").first().code,  # type: ignore[union-attr]
        "events": Event.objects.order_by("slug").first().slug,  # type: ignore[union-attr]
        "meetings": meeting.slug,  # type: ignore[union-attr]
        "organizations": "mfa",
        "projects": "KZCN-001",
        "regions": "KZ-19",
        # A draft: the one kind of initiative whose edit page a coordinator may open.
        "initiatives": Initiative.objects.filter(status="draft").order_by("code").first().code,  # type: ignore[union-attr]
        "instructions": str(Instruction.objects.order_by("pk").first().pk),  # type: ignore[union-attr]
        "ingest": str(Document.objects.order_by("pk").first().pk),  # type: ignore[union-attr]
        "targets": Target.objects.order_by("code").first().code,  # type: ignore[union-attr]
    }


def demo_paths(**extra: str) -> Iterator[tuple[str, str]]:
    """(route, path) for every page of PAGES, on the demo's records (and `extra` keys)."""
    keys = _example_keys() | extra
    for route, example in sorted(PAGES.items()):
        if route in NOT_PAGES or route.endswith(FILE_SUFFIXES):
            continue
        match = resolve(example)
        kwargs = {}
        if match.kwargs:
            key = keys[max((p for p in keys if route.startswith(p)), key=len)]
            kwargs = {k: key[k] if isinstance(key, dict) else key for k in match.kwargs}
        yield route, reverse(match.view_name, kwargs=kwargs)


#: A Russian press text for the review pages, and a file to preview for the import pages.
PRESS_TEXT = (
    "Костанай, 1 июля 2031 года. В Костанайской области построят завод сельхозтехники "
    "стоимостью 60 млн долларов США, будет создано 300 постоянных рабочих мест."
)
EVENTS_CSV = (
    "slug,title,title_ru,title_kk,kind,starts_on\n"
    "forum-2031,Investment forum,Инвестиционный форум,Инвестициялық форум,forum,2031-05-20\n"
)


@pytest.fixture(scope="module")
def coordinator(demo, django_db_blocker) -> tuple[Client, dict[str, str]]:
    """A signed-in coordinator, and the keys of the pages the demo has no record for: an
    ingested document and an uploaded file waiting for its preview."""
    with django_db_blocker.unblock():
        user = make_user("coordinator")
        client = Client()
        client.force_login(user)
        r = client.post("/ingest/", {"title": "Завод сельхозтехники", "text": PRESS_TEXT})
        assert r.status_code == 302, r.content[:500]
        upload = SimpleUploadedFile("events.csv", EVENTS_CSV.encode(), "text/csv")
        r = client.post("/imports/", {"kind": "events", "file": upload})
        assert r.status_code == 302, r.content[:500]
    return client, {"imports": resolve(r["Location"]).kwargs["token"]}


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_shows_english_in_russian_or_kazakh(coordinator, lang) -> None:
    client, keys = coordinator
    found = {}
    for route, path in demo_paths(**keys):
        # The sign-in page is for those not signed in (it sends the others on).
        reader = Client() if route == "accounts/login/" else client
        r = reader.get(path, HTTP_ACCEPT_LANGUAGE=lang)
        assert r.status_code == 200, f"{path} answers {r.status_code}"
        assert r["Content-Language"] == lang
        if hits := english_in(visible_text(r.content.decode(), lang)):
            found[path] = hits
    assert found == {}, "\n".join(f"{p}: {h}" for p, h in sorted(found.items()))


def test_the_english_detector_finds_what_it_should() -> None:
    html = (
        '<html lang="ru"><body><h1>Проекты</h1><p>Статус: in_progress</p>'
        '<button aria-label="Search">🔍</button><p lang="en">Tianshan Agro</p>'
        "<script>var x = 'Projects';</script><td>Projects</td><td>USD 66 млрд</td></body></html>"
    )
    assert english_in(visible_text(html, "ru")) == ["Projects", "Search", "in_progress"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(p.parents[4])))
def test_every_msgid_has_a_translation(path: Path) -> None:
    with path.open("rb") as f:
        catalogue = read_po(f)
    missing = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert missing == []
