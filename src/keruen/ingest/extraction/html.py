"""Reduce an HTML page to its article text with the standard library's parser.

Navigation, scripts, styles, forms, headers, footers and asides are dropped. When the page has an
``<article>`` (or failing that a ``<main>``), only its text is kept. Block elements become line
breaks, paragraphs blank lines, so that the sentence splitter sees the page's structure.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "svg",
        "template",
        "iframe",
        "button",
        "select",
        "head",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "address",
    }
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "col"})


class _Reducer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # whole page
        self.article_parts: list[str] = []
        self.main_parts: list[str] = []
        self._skip_depth = 0
        self._article_depth = 0
        self._main_depth = 0
        self.title = ""
        self._in_title = False

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        if self._article_depth:
            self.article_parts.append(s)
        if self._main_depth:
            self.main_parts.append(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            if tag == "br":
                self._emit("\n")
            return
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag == "article":
            self._article_depth += 1
        elif tag == "main":
            self._main_depth += 1
        if tag in _BLOCK and not self._skip_depth:
            self._emit("\n\n" if tag == "p" or tag.startswith("h") else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID:
            return
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK and not self._skip_depth:
            self._emit("\n\n" if tag == "p" or tag.startswith("h") else "\n")
        if tag == "article":
            self._article_depth = max(0, self._article_depth - 1)
        elif tag == "main":
            self._main_depth = max(0, self._main_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip_depth:
            return
        self._emit(data)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_MANY_NL = re.compile(r"\n{3,}")


def _tidy(raw: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    return _MANY_NL.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """The article text of an HTML page (paragraphs separated by blank lines)."""
    parser = _Reducer()
    parser.feed(markup)
    parser.close()
    for parts in (parser.article_parts, parser.main_parts, parser.parts):
        text = _tidy("".join(parts))
        if text:
            return text
    return ""


_HTML_SNIFF = re.compile(
    r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html|<body|<article|<p[\s>])", re.I
)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:1000]))
