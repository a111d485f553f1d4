"""Uploaded files kept between the preview (a dry run) and the confirmation (the real import)."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from keruen.imports.readers import FileRejected

MAX_UPLOAD = 100 * 1024 * 1024
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _dir() -> Path:
    path = Path(settings.KERUEN_HOME) / "uploads" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_store(
    file: IO[bytes], *, name: str, options: dict[str, Any], mapping: IO[bytes] | None = None
) -> str:
    """Keep an upload (and its mapping file) under a random token; returns the token."""
    suffix = Path(name).suffix.lower()[:6]
    token = secrets.token_urlsafe(24)
    target = _dir() / f"{token}{suffix}"
    size = 0
    with target.open("wb") as out:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            size += len(chunk)
            if size > MAX_UPLOAD:
                out.close()
                target.unlink(missing_ok=True)
                raise FileRejected(
                    _("The file is larger than %(mb)d MB: import it with `keruen import`.")
                    % {"mb": MAX_UPLOAD // (1024 * 1024)}
                )
            out.write(chunk)
    if mapping is not None:
        (_dir() / f"{token}.toml").write_bytes(mapping.read(1 << 20))
    meta = {"name": name, "file": target.name, **options}
    (_dir() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def upload_get(token: str) -> tuple[Path, dict[str, Any], Path | None]:
    if not TOKEN.match(token):
        raise FileRejected(_("Unknown upload."))
    meta_path = _dir() / f"{token}.json"
    if not meta_path.is_file():
        raise FileRejected(_("The upload has expired or was already imported: upload it again."))
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    mapping = _dir() / f"{token}.toml"
    return _dir() / meta["file"], meta, mapping if mapping.is_file() else None


def upload_discard(token: str) -> None:
    if not TOKEN.match(token):
        return
    for path in _dir().glob(f"{token}*"):
        path.unlink(missing_ok=True)
