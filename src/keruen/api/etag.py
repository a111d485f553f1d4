"""ETags on item responses, and `If-Match` on writes (a stale one answers 412).

    @router.get("/instructions/{code}", response={200: InstructionOut, **PROBLEM_RESPONSES})
    def instruction_detail(request, code: str):
        payload = instruction_payload(obj, user)          # a plain dict
        return item_response(request, payload)             # sets ETag; 304 on If-None-Match

    @router.patch("/instructions/{code}", ...)
    def instruction_patch(request, code: str, body: InstructionPatch):
        obj = object_for(...)                               # see keruen.api.writes
        check_if_match(request, etag_of(instruction_payload(obj, user)))   # 412 when stale
        ...

The ETag is a hash of the representation the caller gets, so it changes with every change of
the object (and differs between roles that see different fields). `If-Match` is optional; when
sent it must match (or be `*`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from keruen.api.errors import PreconditionFailed
from keruen.api.pagination import json_response


def etag_of(payload: Any) -> str:
    raw = json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    out = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag:
            out.append(tag)
    return out


def check_if_match(request: HttpRequest, current: str) -> None:
    """Raise `PreconditionFailed` (412) when the request's If-Match names another version."""
    header = request.headers.get("If-Match")
    if not header:
        return
    tags = _tags(header)
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed()


def item_response(request: HttpRequest, payload: Any, *, status: int = 200) -> HttpResponse:
    """JSON of one object with its ETag; 304 when the client's If-None-Match is current."""
    tag = etag_of(payload)
    header = request.headers.get("If-None-Match")
    if status == 200 and header and tag in _tags(header) and request.method in ("GET", "HEAD"):
        response = HttpResponse(status=304)
        response["ETag"] = tag
        return response
    return json_response(payload, status=status, headers={"ETag": tag})
