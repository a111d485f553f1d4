"""What every entity's payload shares: the fields it shows as the model holds them.

{"id": d.pk, **attributes(d, "title", "url", "publisher"), "source": d.source.code}
"""

from __future__ import annotations

from typing import Any


def attributes(obj: Any, *names: str) -> dict[str, Any]:
    """`{name: obj.name}` for each of `names`, in their order: a payload's plain fields, named
    once; what needs converting (a related code, a date as text) is written beside it."""
    return {name: getattr(obj, name) for name in names}
