from keruen.accounts.rules import Access, AccessRule
from keruen.core import appconfig


class IngestConfig(appconfig.KeruenAppConfig):
    # Documents and the facts proposed from them are review material for signed-in users.
    access_rules = {
        "ingest.document": AccessRule(access=Access.INSIDERS),
        "ingest.fact": AccessRule(access=Access.INSIDERS),
    }
    access_parts = {"ingest.factapplication": "ingest.fact"}
