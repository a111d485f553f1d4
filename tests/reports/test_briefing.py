"""The briefing pack on the demo portfolio: the PDF's text against `keruen summary`, in kk/ru/en,
and each reader sees only what they may."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from keruen.accounts.models import Profile, Role
from keruen.projects.models import Project
from keruen.reports.briefing import briefing_build, briefing_render_html, briefing_render_pdf
from keruen.reports.briefing.formatting import Formatter
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

BILLION = Decimal(10) ** 9


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # Locales group digits with a no-break space; PDF text may come back with either space.
    return re.sub(r"[\s\u00a0\u202f]+", " ", text), len(reader.pages)


def _summary() -> dict[str, Any]:
    out = io.StringIO()
    call_command("summary", portfolio="kz-cn", json=True, stdout=out)
    return dict(json.loads(out.getvalue()))


def _plain(s: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", s)


@pytest.fixture(scope="module")
def pdfs(demo: Any, django_db_blocker: Any) -> dict[str, tuple[str, int]]:
    with django_db_blocker.unblock():
        return {
            lang: _text(
                briefing_render_pdf(briefing_build(user=None, portfolio="kz-cn", language=lang))
            )
            for lang in ("en", "ru", "kk")
        }


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_pdf_carries_the_summary_figures(pdfs: dict, lang: str) -> None:
    text, pages = pdfs[lang]
    s = _summary()
    f = Formatter(lang)
    assert pages >= 2
    assert s["projects"] == 224
    assert _plain(f.number(s["projects"])) in text
    assert _plain(f.decimal(Decimal(str(s["investment_usd"])) / BILLION, 1)) in text
    assert _plain(f.number(s["jobs_planned"])) in text
    assert _plain(f.number(s["agreements"])) in text
    assert _plain(f.decimal(Decimal(str(s["agreements_value_usd"])) / BILLION, 1)) in text


def test_the_english_edition_has_the_figures_of_the_meeting(pdfs: dict) -> None:
    text, _pages = pdfs["en"]
    for expected in ("224", "66.4", "50,000", "58", "24.0", "Abai"):
        assert expected in text
    assert "pm-2025-06-25-kz-cn" in text  # the press release, in the annex
    assert "overdue" in text.lower()


def test_the_russian_and_kazakh_editions_are_in_their_languages(pdfs: dict) -> None:
    ru, _ = pdfs["ru"]
    kk, _ = pdfs["kk"]
    assert "Алмат" in ru and "66,4" in ru
    assert re.search("[әғқңөұүһі]", kk) and "66,4" in kk
    assert "Абай облысы" in kk


def test_the_open_edition_names_no_internal_or_restricted_project(demo: Any) -> None:
    b = briefing_build(user=None, portfolio="kz-cn", public=True)
    text, _ = _text(briefing_render_pdf(b))
    hidden = Project.objects.exclude(confidentiality="public").values_list("code", flat=True)
    assert hidden
    for code in hidden:
        assert not re.search(rf"{re.escape(code)}\b", text), code
    assert "negotiation" not in text.lower() and "land plot" not in text
    public = Project.objects.filter(confidentiality="public", counts_in_totals=True)
    public = public.filter(portfolios__slug="kz-cn")
    assert b.headline.projects == public.count() < 224
    assert b.reader and b.public
    assert not b.instructions.visible  # instructions are internal


def test_for_user_uses_that_users_access(demo: Any) -> None:
    analyst = UserFactory(username="brief-analyst")
    Profile.objects.create(user=analyst, role=Role.ANALYST)
    b = briefing_build(user=analyst, portfolio="kz-cn")
    visible = Project.objects.exclude(confidentiality="restricted").filter(
        portfolios__slug="kz-cn", counts_in_totals=True
    )
    assert b.headline.projects == visible.count()
    html = briefing_render_html(b)
    for code in Project.objects.filter(confidentiality="restricted").values_list("code", flat=True):
        assert not re.search(rf"{re.escape(code)}\b", html), code
    assert b.reader == "brief-analyst"


def test_anonymous_is_the_open_edition(demo: Any) -> None:
    b = briefing_build(user=AnonymousUser(), portfolio="kz-cn")
    assert (
        b.headline.projects
        == briefing_build(user=None, portfolio="kz-cn", public=True).headline.projects
    )


def test_the_command_writes_pdf_and_html(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    call_command("brief", portfolio="kz-cn", lang="ru", format="html", out=str(out))
    html = out.read_text(encoding="utf-8")
    assert 'lang="ru"' in html and "Алмат" in html
    pdf = tmp_path / "brief.pdf"
    call_command("brief", portfolio="kz-cn", lang="kk", public=True, out=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_command_uses_the_named_users_access(demo: Any, tmp_path: Path) -> None:
    UserFactory(username="brief-nobody")
    out = tmp_path / "b.html"
    call_command("brief", portfolio="kz-cn", for_user="brief-nobody", format="html", out=str(out))
    html = out.read_text(encoding="utf-8")
    for code in Project.objects.filter(confidentiality="restricted").values_list("code", flat=True):
        assert not re.search(rf"{re.escape(code)}\b", html), code


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"portfolio": "nope"}, "--portfolio: Unknown portfolio 'nope'"),
        ({"for_user": "ghost"}, "--for-user: no active user named 'ghost'"),
        ({"since_meeting": "no-such-meeting"}, "--since-meeting: Unknown event"),
        ({"since": "25.06.2025"}, "--since: expected a date as YYYY-MM-DD"),
    ],
)
def test_the_command_says_what_is_wrong(
    demo: Any, tmp_path: Path, options: dict, message: str
) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("brief", out=str(tmp_path / "x.pdf"), **options)


def test_since_a_meeting_compares_with_its_date(demo: Any) -> None:
    b = briefing_build(user=None, portfolio="kz-cn", since_meeting="pm-meeting-2025-06-25")
    assert b.changes.since.isoformat() == "2025-06-25"
    assert b.changes.since_label.startswith("Meeting on Kazakhstan")


def test_the_web_brief_is_for_the_signed_in_reader(demo: Any, client: Any) -> None:
    analyst = UserFactory(username="brief-web")
    Profile.objects.create(user=analyst, role=Role.ANALYST)
    client.force_login(analyst)
    r = client.get("/brief/", {"portfolio": "kz-cn", "lang": "ru", "format": "html"})
    assert r.status_code == 200
    assert "Алмат" in r.content.decode()
    r = client.get("/brief/", {"portfolio": "kz-cn", "lang": "en"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert client.get("/brief/", {"portfolio": "nope"}).status_code == 400


def test_anonymous_web_readers_get_the_open_edition(demo: Any, client: Any) -> None:
    r = client.get("/brief/", {"portfolio": "kz-cn", "format": "html"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Open edition" in html
    for code in Project.objects.exclude(confidentiality="public").values_list("code", flat=True):
        assert not re.search(rf"{re.escape(code)}\b", html), code


def test_the_dashboard_button_points_at_the_brief(demo: Any) -> None:
    from django.template.loader import render_to_string

    from keruen.projects.models import Portfolio

    html = render_to_string(
        "reports/briefing/_button.html", {"portfolio": Portfolio.objects.get(slug="kz-cn")}
    )
    assert 'action="/brief/"' in html and 'value="kz-cn"' in html


@pytest.mark.parametrize(
    ("lang", "heading"), [("ru", "Ключевые показатели"), ("kk", "Негізгі көрсеткіштер")]
)
def test_the_briefs_translations_render(
    demo: Any, settings: Any, tmp_path: Path, lang: str, heading: str
) -> None:
    """The catalogues shipped beside the brief (merged into the project's by the web pages'
    translators) compile and fill every heading, placeholders intact."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    import keruen.reports.briefing as briefing

    source = Path(briefing.__file__).parent / "locale" / lang / "LC_MESSAGES" / "django.po"
    with source.open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert all(m.string for m in catalog if m.id)  # every message translated
    target = tmp_path / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "django.mo").open("wb") as f:
        write_mo(f, catalog)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    html = briefing_render_html(briefing_build(user=None, portfolio="kz-cn", language=lang))
    assert heading in html
    assert "Headline figures" not in html and "What changed" not in html
