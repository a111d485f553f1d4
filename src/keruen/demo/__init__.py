"""The demo portfolio: the Kazakhstan–China projects reviewed by the Prime Minister on 25 June 2025.

`load_demo()` loads the core registry (this package), then calls `load(context)` in the `demo`
module of every Keruen app that has one, in INSTALLED_APPS order (users, instructions, targets,
initiatives, ...). Figures from the press release cite it; invented records are flagged
`is_illustrative` and say so wherever they are shown.
"""
