"""Demo users, one per role, so a newcomer can see Keruen through each pair of eyes.

Their passwords are printed by `keruen demo`; they are for the demo database only.
"""

from __future__ import annotations

from keruen.accounts.models import Role
from keruen.accounts.services import user_create
from keruen.core.demo_context import DemoContext

REASON = "Demo users, one per role"

#: (username, role, regions, organization, password, what they see)
USERS = [
    ("coordinator", Role.COORDINATOR, [], None, "Keruen-coord-2025", "everything; edits all"),
    (
        "editor-almaty",
        Role.REGIONAL_EDITOR,
        ["KZ-19"],
        None,
        "Keruen-almaty-2025",
        "Almaty region's akimat: edits KZ-19 projects",
    ),
    (
        "officer-mic",
        Role.AGENCY_OFFICER,
        [],
        "mic",
        "Keruen-ministry-2025",
        "Ministry of Industry and Construction: edits the projects it curates",
    ),
    ("analyst", Role.ANALYST, [], None, "Keruen-analyst-2025", "reads all but restricted"),
    ("admin", Role.ADMIN, [], None, "Keruen-admin-2025", "everything, and /admin/"),
]


def load(ctx: DemoContext) -> None:
    ctx.say("Demo users (sign in at /accounts/login/; demo passwords, change them for real use):")
    for username, role, regions, organization, password, sees in USERS:
        user_create(
            actor=None,
            reason=REASON,
            username=username,
            role=role,
            regions=regions,
            organization=organization,
            password=password,
        )
        ctx.say(f"  {username:<14} {password:<22} {role.label}: {sees}")
