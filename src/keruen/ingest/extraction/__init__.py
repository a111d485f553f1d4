"""Fact extraction from press releases and news (issue 8): pure Python, no Django.

Public entry points::

    from keruen.ingest.extraction import extract, extract_file, evaluate_dir
    result = extract_file("release.txt")          # ExtractionResult(language, facts)
    result.to_json_dict(file="release.txt")       # {"file", "language", "facts": [...]}
    report = evaluate_dir("path/to/extraction-dev")
    print(report.to_text())
"""

from .evaluate import Report, evaluate_dir
from .pipeline import extract, extract_file
from .types import Document, ExtractionResult, Fact

__all__ = [
    "Document",
    "ExtractionResult",
    "Fact",
    "Report",
    "evaluate_dir",
    "extract",
    "extract_file",
]
