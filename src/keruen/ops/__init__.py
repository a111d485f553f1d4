"""Operations: health and readiness probes, Prometheus metrics, the read-replica router, backups
and the scheduler that puts periodic work on the task queue (docs/deploy.md)."""
