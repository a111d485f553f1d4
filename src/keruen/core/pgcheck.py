"""`python -m keruen.core.pgcheck URL`: exit 0 when a PostgreSQL server answers at URL."""

from __future__ import annotations

import sys


def answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if answers(sys.argv[1]) else 1)
