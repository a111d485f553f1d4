"""Every model is declared in one order (docs/architecture.md, "How a model is declared"): its
vocabularies, its fields, its managers and history, `class Meta` (its options in one order),
`__str__`, `page_url`/`page_key`, then its other methods."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "keruen"
MODEL_FILES = [*sorted(SRC.glob("*/models.py")), SRC / "projects" / "summary_models.py"]

#: The parts of a model's body, in the order they are declared.
PARTS = ["vocabulary", "field", "manager", "Meta", "__str__", "page", "method"]
#: The options of `class Meta`, in the order they are written.
META_OPTIONS = [
    "abstract",
    "verbose_name",
    "verbose_name_plural",
    "ordering",
    "indexes",
    "constraints",
]
MANAGERS = {"objects", "history"}
PAGE = {"page_url", "page_key"}


def _part(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return None  # the docstring
    if isinstance(node, ast.ClassDef):
        if node.name == "Meta":
            return "Meta"
        bases = {ast.unparse(b) for b in node.bases}
        if bases & {"models.TextChoices", "models.IntegerChoices"}:
            return "vocabulary"
        return "method"
    if isinstance(node, ast.FunctionDef):
        return "__str__" if node.name == "__str__" else "method"
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    names = {t.id for t in targets if isinstance(t, ast.Name)}
    if names & MANAGERS:
        return "manager"
    if names & PAGE:
        return "page"
    return "field"


def _models() -> list[tuple[str, ast.ClassDef]]:
    found = []
    for path in MODEL_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not any(
                ast.unparse(b).endswith(("TextChoices", "IntegerChoices")) for b in node.bases
            ):
                found.append((f"{path.parent.name}/{path.name}:{node.name}", node))
    return found


MODELS = _models()


def test_the_model_files_are_found() -> None:
    assert len(MODELS) > 40


@pytest.mark.parametrize(("where", "node"), MODELS, ids=[w for w, _ in MODELS])
def test_a_model_declares_its_parts_in_one_order(where: str, node: ast.ClassDef) -> None:
    parts = [p for p in map(_part, node.body) if p is not None]
    ranks = [PARTS.index(p) for p in parts]
    assert ranks == sorted(ranks), f"{where}: {parts}; expected the order {PARTS}"


@pytest.mark.parametrize(("where", "node"), MODELS, ids=[w for w, _ in MODELS])
def test_meta_writes_its_options_in_one_order(where: str, node: ast.ClassDef) -> None:
    for meta in (n for n in node.body if isinstance(n, ast.ClassDef) and n.name == "Meta"):
        options = [
            t.id
            for n in meta.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        ]
        unknown = set(options) - set(META_OPTIONS)
        assert not unknown, f"{where}: Meta option {unknown} has no place in {META_OPTIONS}"
        ranks = [META_OPTIONS.index(o) for o in options]
        assert ranks == sorted(ranks), f"{where}: Meta {options}; expected the order {META_OPTIONS}"


def test_the_order_check_fails_on_a_model_out_of_order() -> None:
    source = (
        "class M(models.Model):\n"
        "    class Meta:\n"
        "        ordering = ['a']\n"
        "        verbose_name = 'm'\n"
        "    def __str__(self): return ''\n"
        "    a = models.TextField()\n"
    )
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    with pytest.raises(AssertionError):
        test_a_model_declares_its_parts_in_one_order("M", node)
    with pytest.raises(AssertionError):
        test_meta_writes_its_options_in_one_order("M", node)
