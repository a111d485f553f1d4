"""OC4IDS and IATI exports validate against the shared schemas, offline."""

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from keruen.projects.models import Stage
from keruen.reports.exports.oc4ids import STATUSES, status
from keruen.reports.exports.rows import Audience
from keruen.reports.exports.services import export_run

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas"


def _validator() -> Draft4Validator:
    pkg = json.loads((SCHEMAS / "oc4ids-0.9.5/project-package-schema.json").read_text())
    proj = json.loads((SCHEMAS / "oc4ids-0.9.5/project-schema.json").read_text())
    registry = Registry().with_resource(
        proj["id"], Resource.from_contents(proj, default_specification=DRAFT4)
    )
    return Draft4Validator(pkg, registry=registry)


def _export(fmt: str, **kwargs) -> str:
    out = io.StringIO()
    export_run(kind="projects", format=fmt, out=out, **kwargs)
    return out.getvalue()


def test_oc4ids_package_of_the_demo_is_valid(demo) -> None:
    data = json.loads(_export("oc4ids"))
    errors = list(_validator().iter_errors(data))
    assert not errors, errors[0].message
    assert len(data["projects"]) >= 224
    first = data["projects"][0]
    assert first["locations"][0]["gazetteer"]["identifiers"]
    assert first["budget"]["amount"]["currency"]
    assert {"funder", "publicAuthority"} <= {r for p in first["parties"] for r in p["roles"]}
    assert first["documents"] and first["milestones"]


def test_iati_activities_of_the_demo_are_valid(demo) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-2.03/iati-activities-schema.xsd")))
    doc = etree.fromstring(_export("iati").encode("utf-8"))
    assert schema.validate(doc), schema.error_log.last_error
    assert len(doc.findall("iati-activity")) >= 224


def test_public_standards_exports_leave_out_non_public_projects(demo) -> None:
    everything = json.loads(_export("oc4ids"))["projects"]
    public = json.loads(_export("oc4ids", audience=Audience.public()))["projects"]
    assert 0 < len(public) < len(everything)


def test_every_stage_maps_to_an_oc4ids_status() -> None:
    assert {status(s) for s in Stage} <= STATUSES
    assert status(Stage.CANCELLED) == "cancelled"
