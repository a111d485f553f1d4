"""The raw engine for bench_api: the same scoped, paginated project list straight from SQLite.

A bare WSGI callable (no Django): checks the bearer token with one query, then reads the count and
the page — the same rows and fields the API returns to a regional editor, relations aggregated by
SQLite's JSON functions. Benchmark-only; never part of the app.

    KERUEN_BENCH_DB=/path/keruen.sqlite3 KERUEN_BENCH_REGIONS=KZ-19 \
        gunicorn bench.raw_wsgi:application
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

_local = threading.local()

SCOPE = """
  p.confidentiality IN ('public', 'internal')
  OR p.id IN (SELECT pr.project_id FROM projects_project_regions pr
              JOIN reference_region r ON r.id = pr.region_id WHERE r.code IN ({regions}))
"""
OWN = """p.id IN (SELECT pr.project_id FROM projects_project_regions pr
              JOIN reference_region r ON r.id = pr.region_id WHERE r.code IN ({regions}))"""
PAGE = """
SELECT p.code, p.title, p.title_ru, p.title_kk, p.description, p.stage, p.stage_since,
  p.confidentiality, p.is_illustrative, p.total_investment_amount, p.total_investment_date,
  p.total_investment_usd, p.foreign_investment_amount, p.foreign_investment_date,
  p.foreign_investment_usd, p.jobs_planned, p.jobs_created, p.construction_jobs_planned,
  p.construction_jobs_created, p.counts_in_totals, p.start_on, p.end_on,
  CASE WHEN {own} THEN p.negotiation_notes END, p.created_at, p.updated_at,
  p.total_investment_currency_id, p.foreign_investment_currency_id,
  rb.code, cu.code, pa.code,
  (SELECT json_group_array(code) FROM (SELECT r.code FROM projects_project_regions x
     JOIN reference_region r ON r.id = x.region_id WHERE x.project_id = p.id ORDER BY r.code)),
  (SELECT json_group_array(code) FROM (SELECT s.code FROM projects_project_sectors x
     JOIN reference_sector s ON s.id = x.sector_id WHERE x.project_id = p.id ORDER BY s.code)),
  (SELECT json_group_array(slug) FROM (SELECT f.slug FROM projects_project_portfolios x
     JOIN projects_portfolio f ON f.id = x.portfolio_id WHERE x.project_id = p.id
     ORDER BY f.slug)),
  (SELECT json_group_array(json_object('organization', o.code, 'name', o.name,
     'country', c.code, 'role', i.role, 'share', i.share))
     FROM projects_projectinvestor i JOIN parties_organization o ON o.id = i.organization_id
     LEFT JOIN reference_country c ON c.id = o.country_id WHERE i.project_id = p.id)
FROM projects_project p
LEFT JOIN parties_organization rb ON rb.id = p.responsible_body_id
LEFT JOIN parties_organization cu ON cu.id = p.curator_id
LEFT JOIN projects_project pa ON pa.id = p.parent_id
WHERE {scope}
ORDER BY p.code LIMIT ? OFFSET ?
"""
NAMES = [
    "code", "title", "title_ru", "title_kk", "description", "stage", "stage_since",
    "confidentiality", "is_illustrative", "total_investment_amount", "total_investment_date",
    "total_investment_usd", "foreign_investment_amount", "foreign_investment_date",
    "foreign_investment_usd", "jobs_planned", "jobs_created", "construction_jobs_planned",
    "construction_jobs_created", "counts_in_totals", "start_on", "end_on", "negotiation_notes",
    "created_at", "updated_at", "total_investment_currency", "foreign_investment_currency",
    "responsible_body", "curator", "parent",
]  # fmt: skip


def _db() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(os.environ["KERUEN_BENCH_DB"], check_same_thread=False)
        _local.conn = conn
    return conn


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    regions = os.environ.get("KERUEN_BENCH_REGIONS", "KZ-19").split(",")
    marks = ",".join("?" * len(regions))
    db = _db()
    auth = environ.get("HTTP_AUTHORIZATION", "")
    key = auth.partition(" ")[2]
    digest = hashlib.sha256(key.encode()).hexdigest()
    ok = db.execute(
        "SELECT t.user_id FROM accounts_apitoken t JOIN auth_user u ON u.id = t.user_id "
        "WHERE t.digest = ? AND t.revoked_at IS NULL AND u.is_active",
        (digest,),
    ).fetchone()
    if ok is None:
        start_response("401 Unauthorized", [("Content-Type", "application/json")])
        return [b'{"detail": "unauthorized"}']
    query = parse_qs(environ.get("QUERY_STRING", ""))
    limit = int(query.get("limit", ["50"])[0])
    offset = int(query.get("offset", ["0"])[0])
    scope = SCOPE.format(regions=marks)
    own = OWN.format(regions=marks)
    count = db.execute(f"SELECT COUNT(*) FROM projects_project p WHERE {scope}", regions)
    total = count.fetchone()[0]
    rows = db.execute(
        PAGE.format(scope=scope, own=own), [*regions, *regions, limit, offset]
    ).fetchall()
    items = []
    for row in rows:
        item = dict(zip(NAMES, row[: len(NAMES)], strict=True))
        rel = row[len(NAMES) :]
        item["regions"] = json.loads(rel[0])
        item["sectors"] = json.loads(rel[1])
        item["portfolios"] = json.loads(rel[2])
        item["investors"] = json.loads(rel[3])
        item["is_illustrative"] = bool(item["is_illustrative"])
        item["counts_in_totals"] = bool(item["counts_in_totals"])
        items.append(item)
    body = json.dumps({"count": total, "items": items}, ensure_ascii=False).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
