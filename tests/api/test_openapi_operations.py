"""The API keeps its operations: every path, method and operationId of the OpenAPI document.

`openapi_operations.txt` was written from the document before the CRUD handlers were shared
(one line per operation: METHOD path operationId). Clients generate code from the operation ids,
so a refactoring that renames or drops one breaks them; a new operation is added to the file.
"""

from __future__ import annotations

from pathlib import Path

from keruen.api.api import api

PINNED = Path(__file__).with_name("openapi_operations.txt")


def test_the_openapi_document_keeps_every_operation() -> None:
    schema = api.get_openapi_schema()
    now = {
        f"{method.upper()} {path} {operation.get('operationId')}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    pinned = set(PINNED.read_text(encoding="utf-8").splitlines())
    assert sorted(now - pinned) == []
    assert sorted(pinned - now) == []


def test_the_openapi_json_repeats_no_key(client) -> None:
    """A key twice in one object (ninja's int 422 beside the added "422") breaks Swagger UI's
    parser ("duplicated mapping key"), so the served JSON is read keeping every pair."""
    import json

    repeated: list[str] = []

    def keep_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        repeated.extend(sorted({k for k in keys if keys.count(k) > 1}))
        return dict(pairs)

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=keep_pairs)
    assert repeated == []


def test_the_docs_page_embeds_the_served_document(client) -> None:
    """/api/v1/docs carries the same document as /api/v1/openapi.json, escaped for a <script>
    (a description holding `</script>` must not end it), so Swagger UI needs no second request."""
    import json
    import re

    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    embedded = re.search(
        r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S
    )
    assert embedded is not None
    assert "</" not in embedded.group(1)
    settings = json.loads(embedded.group(1))
    assert settings["spec"] == json.loads(client.get("/api/v1/openapi.json").content)
    assert settings["docExpansion"] == "list"  # "none" would fold every operation away
    assert "/static/api/docs.js" in html
