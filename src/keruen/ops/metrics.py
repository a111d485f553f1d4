"""Prometheus metrics (prometheus-client).

Request counts and latency are recorded by each process; under `keruen serve` (several gunicorn
workers) they go to files in `PROMETHEUS_MULTIPROC_DIR` and are added up at scrape time. The rest
is read from the database when `/metrics` is scraped, so it is the same whichever process answers
and whichever process did the work: queue depth, age of the oldest queued task, running and failed
tasks, imported rows, the last successful backup and the replica's lag.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from keruen.imports.selectors import import_row_totals
from keruen.ops import selectors

# Not in the default registry: each scrape builds its own (see `render`).
REQUESTS = Counter(
    "keruen_http_requests",
    "HTTP requests answered, by route, method and status.",
    ["route", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "keruen_http_request_duration_seconds",
    "Time to answer an HTTP request, by route and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=None,
)


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


class DatabaseCollector(Collector):
    """What the database says at scrape time."""

    def collect(self) -> Iterator[Metric]:
        queue = selectors.task_queue_stats()
        queued = GaugeMetricFamily(
            "keruen_tasks_queued", "Tasks waiting in the queue, by queue.", labels=["queue"]
        )
        for name, count in sorted(queue.queued.items()):
            queued.add_metric([name], count)
        yield queued
        yield GaugeMetricFamily(
            "keruen_tasks_oldest_queued_age_seconds",
            "Age of the oldest task waiting to run (0 when none waits).",
            value=queue.oldest_queued_age_seconds,
        )
        yield GaugeMetricFamily(
            "keruen_tasks_running", "Tasks a worker is running.", value=queue.running
        )
        yield GaugeMetricFamily(
            "keruen_tasks_failed",
            "Failed task results kept in the database.",
            value=queue.failed,
        )
        last = selectors.last_backup()
        yield GaugeMetricFamily(
            "keruen_backup_last_success_timestamp_seconds",
            "When the last successful `keruen backup` finished (Unix time; 0 when never).",
            value=last.finished_at.timestamp() if last else 0,
        )
        rows = CounterMetricFamily(
            "keruen_import_rows",
            "Rows of finished imports, by kind and outcome (rejected: rows of a file refused for "
            "its problems, nothing written).",
            labels=["kind", "outcome"],
        )
        for (kind, outcome), n in sorted(import_row_totals().items()):
            rows.add_metric([kind, outcome], n)
        yield rows
        lag = selectors.replica_lag_seconds()
        if lag is not None:
            yield GaugeMetricFamily(
                "keruen_replica_lag_seconds",
                "How far the read replica's replay is behind (seconds).",
                value=lag,
            )


def render() -> bytes:
    """The metrics in the Prometheus text format."""
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
