"""The open-data files: every public dataset in each of its formats, and their DCAT-AP catalogue.

`build()` writes a complete set into a new directory under `KERUEN_OPEN_DATA_DIR/builds/`, then
points `KERUEN_OPEN_DATA_DIR/current` at it in one atomic step, so a reader never gets a
catalogue whose checksums belong to other files. The catalogue (`catalog.jsonld`, and
`<dataset>.jsonld` per dataset) is an RDF graph built with rdflib and written as JSON-LD; each
distribution names its download address, byte size and SHA-256 checksum, read from the bytes
written. Addresses are site-relative (`/open/data/projects.csv`): JSON-LD resolves them against
the catalogue's own address, so the same files serve any host name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from keruen.portal import selectors
from keruen.portal.datasets import DATASETS, FORMAT_LABELS, MEDIA_TYPES, Dataset

SPDX = Namespace("http://spdx.org/rdf/terms#")
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "spdx": str(SPDX),
    "xsd": str(XSD),
}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: Kazakhstan in the EU's country authority list (DCAT-AP's spatial coverage).
KAZAKHSTAN = "http://publications.europa.eu/resource/authority/country/KAZ"
LANGUAGES = ("en", "ru", "kk")
MANIFEST = "manifest.json"
CATALOG = "catalog.jsonld"
KEEP_BUILDS = 2


@dataclass(frozen=True)
class File:
    name: str
    dataset: str
    format: str
    size: int
    sha256: str
    rows: int


def root() -> Path:
    return Path(settings.KERUEN_OPEN_DATA_DIR)


def current() -> Path:
    return root() / "current"


def manifest() -> dict[str, Any] | None:
    """The current build's manifest (when, from data changed when, which files), or None."""
    try:
        data: dict[str, Any] = json.loads((current() / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data


def is_stale() -> bool:
    """Whether public data changed since the current build (or there is none)."""
    m = manifest()
    if m is None:
        return True
    changed = selectors.last_changed()
    return changed is not None and changed.isoformat() != m.get("data_changed_at")


def _write(dataset: Dataset, fmt: str, directory: Path) -> File:
    name = dataset.filename(fmt)
    if fmt == "xlsx":
        buf = io.BytesIO()
        rows = dataset.write(fmt, buf)
        data = buf.getvalue()
    else:
        text = io.StringIO()
        rows = dataset.write(fmt, text)
        data = text.getvalue().encode()
    (directory / name).write_bytes(data)
    return File(name, dataset.slug, fmt, len(data), hashlib.sha256(data).hexdigest(), rows)


def download_path(name: str) -> str:
    return reverse("portal:file", args=[name])


def _texts(graph: Graph, subject: Any, predicate: Any, text: Any) -> None:
    for lang in LANGUAGES:
        with translation.override(lang):
            graph.add((subject, predicate, Literal(str(text), lang=lang)))


def _graph(files: list[File], *, modified: dt.datetime, only: str | None = None) -> Graph:
    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, Namespace(ns))
    catalog = URIRef(reverse("portal:catalog"))
    publisher = URIRef(reverse("portal:home") + "#publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("Keruen")))
    if only is None:
        g.add((catalog, RDF.type, DCAT.Catalog))
        g.add((catalog, DCTERMS.title, Literal("Keruen open data", lang="en")))
        g.add((catalog, DCTERMS.publisher, publisher))
        g.add((catalog, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        g.add((catalog, FOAF.homepage, URIRef(reverse("portal:home"))))
    for dataset in DATASETS:
        if only is not None and dataset.slug != only:
            continue
        ds = URIRef(reverse("portal:dataset", args=[dataset.slug]))
        if only is None:
            g.add((catalog, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        _texts(g, ds, DCTERMS.title, dataset.title)
        _texts(g, ds, DCTERMS.description, dataset.description)
        g.add((ds, DCTERMS.identifier, Literal(dataset.slug)))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCTERMS.license, URIRef(LICENSE)))
        g.add((ds, DCTERMS.spatial, URIRef(KAZAKHSTAN)))
        g.add((ds, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
        g.add((ds, DCAT.landingPage, URIRef(reverse("portal:data"))))
        g.add((ds, DCTERMS.conformsTo, URIRef(reverse("portal:dictionary") + f"#{dataset.slug}")))
        period = BNode()
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.endDate, Literal(modified.date(), datatype=XSD.date)))
        for f in (f for f in files if f.dataset == dataset.slug):
            dist = URIRef(download_path(f.name) + "#distribution")
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, Literal(f"{dataset.slug} ({FORMAT_LABELS[f.format]})")))
            g.add((dist, DCAT.downloadURL, URIRef(download_path(f.name))))
            g.add((dist, DCAT.accessURL, URIRef(download_path(f.name))))
            g.add((dist, DCAT.mediaType, Literal(MEDIA_TYPES[f.format])))
            g.add((dist, DCTERMS.format, Literal(FORMAT_LABELS[f.format])))
            g.add((dist, DCTERMS.license, URIRef(LICENSE)))
            g.add((dist, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
            g.add((dist, DCAT.byteSize, Literal(f.size, datatype=XSD.nonNegativeInteger)))
            checksum = BNode()
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
    return g


def embed_blank_nodes(doc: dict[str, Any]) -> dict[str, Any]:
    """JSON-LD as rdflib writes it (a flat `@graph`) with each blank node written inside the one
    node that refers to it: a distribution carries its checksum, a dataset its period."""
    nodes = doc.get("@graph", [])
    blank = {n["@id"]: n for n in nodes if str(n.get("@id", "")).startswith("_:")}

    def inline(value: Any) -> Any:
        if isinstance(value, list):
            return [inline(v) for v in value]
        if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in blank:
            node = {k: inline(v) for k, v in blank[value["@id"]].items() if k != "@id"}
            return node
        if isinstance(value, dict):
            return {k: inline(v) for k, v in value.items()}
        return value

    kept = [inline(n) for n in nodes if n.get("@id") not in blank]
    return {"@context": doc["@context"], "@graph": kept}


def jsonld(graph: Graph) -> bytes:
    doc = json.loads(graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    return (json.dumps(embed_blank_nodes(doc), ensure_ascii=False, indent=2) + "\n").encode()


def build() -> list[File]:
    """Write every dataset in every format and the catalogues; switch `current` to them."""
    changed = selectors.last_changed()
    now = timezone.now()
    builds = root() / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    directory = builds / f"{now:%Y%m%dT%H%M%S%f}-{os.getpid()}"
    directory.mkdir()
    files = [_write(d, fmt, directory) for d in DATASETS for fmt in d.formats]
    modified = changed or now
    (directory / CATALOG).write_bytes(jsonld(_graph(files, modified=modified)))
    for d in DATASETS:
        (directory / f"{d.slug}.jsonld").write_bytes(
            jsonld(_graph(files, modified=modified, only=d.slug))
        )
    (directory / MANIFEST).write_text(
        json.dumps(
            {
                "built_at": now.isoformat(),
                "data_changed_at": changed.isoformat() if changed else None,
                "files": [f.__dict__ for f in files],
            },
            indent=2,
        )
    )
    link = root() / f".current-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(Path("builds") / directory.name)
    os.replace(link, current())
    for old in sorted(p for p in builds.iterdir() if p != directory)[:-KEEP_BUILDS]:
        shutil.rmtree(old, ignore_errors=True)
    return files


def ensure_built() -> None:
    """Build once if nothing is built yet (a fresh install before the scheduler's first run)."""
    if manifest() is None:
        build()


def files() -> list[File]:
    m = manifest() or {"files": []}
    return [File(**f) for f in m["files"]]


def path_of(name: str) -> Path | None:
    """The file `name` of the current build, or None (names outside the build are refused)."""
    if name not in {f.name for f in files()} | {CATALOG} | {f"{d.slug}.jsonld" for d in DATASETS}:
        return None
    return current() / name
