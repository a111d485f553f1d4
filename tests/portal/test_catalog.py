"""The open-data files and their DCAT-AP catalogue: what the catalogue says of each file is what
is served; the dictionary names every column; the scheduler's task rebuilds only after changes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from keruen.portal import catalog
from keruen.portal.datasets import DATASETS, dictionary
from keruen.portal.tasks import build_open_data
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.KERUEN_OPEN_DATA_DIR = tmp_path
    return tmp_path


def _nodes(doc: Any) -> list[dict[str, Any]]:
    out = []
    if isinstance(doc, dict):
        out.append(doc)
        for v in doc.values():
            out += _nodes(v)
    elif isinstance(doc, list):
        for v in doc:
            out += _nodes(v)
    return out


def test_each_distribution_names_the_size_and_sha256_of_the_file_served() -> None:
    ProjectFactory(code="P-1", title="Public plant")
    client = Client()
    response = client.get("/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    doc = json.loads(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    dists = [n for n in _nodes(doc) if "dcat:downloadURL" in n]
    assert len(dists) == sum(len(d.formats) for d in DATASETS)
    for d in dists:
        body = b"".join(client.get(d["dcat:downloadURL"]["@id"]).streaming_content)  # type: ignore[attr-defined]
        assert int(d["dcat:byteSize"]["@value"]) == len(body)
        checksum = d["spdx:checksum"]
        assert checksum["spdx:algorithm"]["@id"].endswith("checksumAlgorithm_sha256")
        assert checksum["spdx:checksumValue"]["@value"] == hashlib.sha256(body).hexdigest()
    datasets = [n for n in _nodes(doc) if n.get("@type") == "dcat:Dataset"]
    assert {n["dct:identifier"] for n in datasets} == {d.slug for d in DATASETS}
    titles = next(n for n in datasets if n["dct:identifier"] == "projects")["dct:title"]
    assert {t["@language"] for t in titles} == {"en", "ru", "kk"}


def test_the_catalogue_parses_as_rdf_with_a_dataset_per_export() -> None:
    from rdflib import Graph
    from rdflib.namespace import DCAT, RDF

    catalog.build()
    g = Graph().parse(
        data=(catalog.current() / "catalog.jsonld").read_text(),
        format="json-ld",
        publicID="https://open.example.kz/catalog.jsonld",
    )
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == len(DATASETS)
    urls = {str(u) for u in g.objects(None, DCAT.downloadURL)}
    assert "https://open.example.kz/open/data/projects.csv" in urls


def test_a_file_outside_the_build_is_not_served() -> None:
    catalog.build()
    assert Client().get("/open/data/manifest.json").status_code == 404
    assert Client().get("/open/data/..%2Fsecret").status_code == 404


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_the_dictionary_covers_every_column(dataset: Any) -> None:
    entries = dictionary(dataset)
    assert [c.name for c in entries] == dataset.columns()
    assert all(str(c.meaning) for c in entries)


def test_the_dictionary_page_is_in_three_languages() -> None:
    text = Client().get("/open/data/dictionary/?lang=ru").content.decode()
    assert "Словарь данных" in text
    assert "negotiation_notes" not in text


def test_the_task_rebuilds_only_after_a_change() -> None:
    assert build_open_data.call()["built"] is True
    assert build_open_data.call()["built"] is False
    ProjectFactory(code="P-2", title="Another plant")
    assert build_open_data.call()["built"] is True


def test_keruen_open_data_build_lists_the_files(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("open_data", "build", "--json")
    files = json.loads(capsys.readouterr().out)
    assert {f["name"] for f in files} >= {"projects.csv", "projects.oc4ids.json", "regions.csv"}
