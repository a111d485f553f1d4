"""The briefing pack: one PDF with what a meeting needs, for one reader, in their language.

`briefing_build` reads the data (through the reader's access) into a `Briefing`;
`briefing_render_html` and `briefing_render_pdf` lay it out.
"""

from keruen.reports.briefing.build import briefing_build
from keruen.reports.briefing.data import Briefing
from keruen.reports.briefing.render import briefing_render_html, briefing_render_pdf

__all__ = ["Briefing", "briefing_build", "briefing_render_html", "briefing_render_pdf"]
