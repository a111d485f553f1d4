"""Reading what is to be ingested: text and HTML files, folders, RSS/Atom feed files."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from keruen.ingest.extraction.html import html_to_text, looks_like_html

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class IngestItem:
    """One text to ingest, with what is known about where it came from."""

    text: str
    title: str
    origin: str
    url: str = ""
    publisher: str = ""
    published_on: dt.date | None = None
    html: bool = False


def _title_of(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return _("(untitled)")


def _read_text(path: Path) -> str:
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(
            _("%(path)s is larger than 5 MB: not a press release.") % {"path": path}
        )
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("%(path)s is neither UTF-8 nor Windows-1251 text.") % {"path": path})


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return parsed.date() if parsed else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_feed(path: Path) -> Iterator[IngestItem]:
    """Items of an RSS 2.0 or Atom feed file (entities and DTDs refused: defusedxml)."""
    try:
        root = ElementTree.fromstring(_read_text(path).encode("utf-8"))
    except ElementTree.ParseError as e:
        raise ValidationError(
            _("%(path)s is not a well-formed feed: %(error)s") % {"path": path, "error": e}
        ) from e
    except Exception as e:  # defusedxml's refusals (DTDForbidden, EntitiesForbidden, ...)
        raise ValidationError(
            _("%(path)s was refused: %(error)s") % {"path": path, "error": type(e).__name__}
        ) from e
    publisher = ""
    for el in root.iter():
        if _local(el.tag) == "title" and el.text:
            publisher = el.text.strip()
            break
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        fields: dict[str, str] = {}
        for child in el:
            name = _local(child.tag)
            if name == "link" and child.get("href"):
                fields.setdefault("link", child.get("href", ""))
            elif child.text and name not in fields:
                fields[name] = child.text
        body = (
            fields.get("encoded")
            or fields.get("content")
            or fields.get("description")
            or fields.get("summary")
            or ""
        )
        text = html_to_text(body) if looks_like_html(body) else body.strip()
        if not text:
            continue
        yield IngestItem(
            text=text,
            title=(fields.get("title") or _title_of(text)).strip()[:400],
            origin=str(path),
            url=fields.get("link", "").strip()[:500],
            publisher=publisher,
            published_on=_date(
                fields.get("pubDate")
                or fields.get("published")
                or fields.get("updated")
                or fields.get("date")
            ),
        )


def _header(text: str) -> tuple[str, dt.date, str] | None:
    """A text file may start with its source address and its publication date (YYYY-MM-DD) on
    lines 1 and 2; the body is then the rest, and fact offsets count from its start."""
    lines = text.split("\n")
    if len(lines) < 3 or "://" not in lines[0] or " " in lines[0].strip():
        return None
    try:
        published = dt.date.fromisoformat(lines[1].strip())
    except ValueError:
        return None
    url = lines[0].strip()
    return (url if url.startswith(("http://", "https://")) else ""), published, "\n".join(lines[2:])


def read_path(path: Path) -> Iterator[IngestItem]:
    """Every item under `path`: a file, a folder (recursively, sorted), or a feed file."""
    if not path.exists():
        raise ValidationError(_("%(path)s does not exist.") % {"path": path})
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES:
                yield from read_path(child)
        return
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        yield from read_feed(path)
        return
    text = _read_text(path)
    is_html = suffix in HTML_SUFFIXES or looks_like_html(text)
    if not is_html:
        header = _header(text)
        if header:
            url, published, body = header
            yield IngestItem(
                text=body, title=_title_of(body), origin=str(path), url=url, published_on=published
            )
            return
    title = _title_of(html_to_text(text) if is_html else text)
    if is_html:
        lower = text.lower()
        start, end = lower.find("<title>"), lower.find("</title>")
        if 0 <= start < end:
            title = html_to_text(text[start + 7 : end]).strip()[:400] or title
    yield IngestItem(text=text, title=title, origin=str(path), html=is_html)
