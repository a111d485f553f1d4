"""Create and edit an organization: its names in three languages, every other spelling (one a
line, the script detected), its identifiers. The services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from keruen.parties.models import Organization, OrganizationIdentifier
from keruen.parties.services import ORGANIZATION_FIELDS
from keruen.reference.models import Country, Region
from keruen.web.forms import EditForm, pick, text_area

SCHEMES = {
    "kz_bin": OrganizationIdentifier.Scheme.KZ_BIN,
    "cn_uscc": OrganizationIdentifier.Scheme.CN_USCC,
}


class OrganizationForm(EditForm):
    name = forms.CharField(label=_("Name (English)"), max_length=300)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=300, required=False)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    country = pick(_("Country"), Country.objects.order_by("code"), "code")
    region = pick(_("Region"), Region.objects.order_by("code"), "code")
    parent = pick(
        _("Parent organization"),
        Organization.objects.all(),
        "code",
        url=reverse_lazy("parties:lookup"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    aliases = text_area(
        _("Other spellings"),
        rows=4,
        help_text=_(
            "One a line, in any script: Chinese characters, pinyin, Cyrillic, Latin, "
            "abbreviations. The search finds the organization by each of them."
        ),
    )
    kz_bin = forms.CharField(label=_("BIN (Kazakhstan)"), max_length=12, required=False)
    cn_uscc = forms.CharField(label=_("USCC (China)"), max_length=18, required=False)
    is_illustrative = forms.BooleanField(label=_("Illustrative (invented)"), required=False)

    def __init__(self, *args: Any, show_identifiers: bool = True, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if not show_identifiers:
            for name in SCHEMES:
                del self.fields[name]

    @staticmethod
    def initial_for(org: Organization) -> dict[str, Any]:
        data: dict[str, Any] = {n: getattr(org, n) for n in FIELDS if n not in REFERENCES}
        for name in REFERENCES:
            ref = getattr(org, name)
            data[name] = ref.code if ref else None
        data["aliases"] = "\n".join(a.alias for a in org.aliases.all())
        for name, scheme in SCHEMES.items():
            data[name] = ", ".join(i.value for i in org.identifiers.all() if i.scheme == scheme)
        return data

    def alias_list(self) -> list[str] | None:
        if self.instance is not None and "aliases" not in self.changed_data:
            return None
        return self.cleaned_data["aliases"].splitlines()

    def identifier_values(self) -> dict[str, str]:
        """Scheme → value for the identifiers shown and changed."""
        return {
            str(scheme): self.cleaned_data[name]
            for name, scheme in SCHEMES.items()
            if name in self.fields and (self.instance is None or name in self.changed_data)
        }


REFERENCES = ("country", "region", "parent")
#: Form field → service keyword (the same names).
FIELDS = [n for n in OrganizationForm.base_fields if n in ORGANIZATION_FIELDS]
