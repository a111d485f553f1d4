"""What every create/edit form of the site shares.

- `EditForm`: the change reason (kept in the history), the version the reader opened (a stale
  one is refused: "someone changed this since you opened it"), the service's ValidationError put
  back on the fields it names, and Bootstrap classes.
- `Pick` / `PickMany`: a reference chosen by name with type-ahead (Tom Select, vendored under
  `static/vendor/tom-select`, wired by `static/web/pick.js`). Given `url`, the names come from that
  JSON search endpoint (see `lookup_response`) and only the chosen options are rendered; without
  it every option is rendered and searched in the page (regions, sectors, countries).
- `MoneyField`: an amount typed with the reader's thousands separators (`1 234 567,89` in kk/ru,
  `1,234,567.89` in en), with a live USD preview at the rate of the date (`/fx/usd/`).
- `form_page`: the GET/POST cycle of a create or edit page around one service call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from keruen.accounts.policy import can, may_write
from keruen.web.listing import style
from keruen.web.templatetags.keruen_tags import num

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOOKUP_ROWS = 20


def version_of(obj: models.Model | None) -> str:
    """What changes with every save of `obj` (its `updated_at`), as the form carries it."""
    stamp = getattr(obj, "updated_at", None)
    return stamp.isoformat() if isinstance(stamp, dt.datetime) else ""


class EditForm(forms.Form):
    """A create or edit form: subclasses declare the fields; `reason` and `version` come last."""

    reason = forms.CharField(
        label=gettext_lazy("Why (source or comment)"),
        max_length=500,
        help_text=gettext_lazy("Kept in the history with your name."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: models.Model | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.instance = instance
        if instance is not None and not self.is_bound:
            self.initial.setdefault("version", version_of(instance))
        style(self, small=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance is not None and data.get("version") != version_of(self.instance):
            raise ValidationError(
                _(
                    "Someone changed this since you opened it. Open it again to see their "
                    "change, then repeat yours."
                ),
                code="stale",
            )
        return data

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                w = self.fields[name].widget
                if "is-invalid" not in w.attrs.get("class", ""):
                    w.attrs["class"] = w.attrs.get("class", "") + " is-invalid"

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (the rest at the top)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            target = field if field in self.fields else None
            for e in errors:
                self.add_error(target, e)
        self.mark_invalid()

    def changed(self, names: Iterable[str]) -> dict[str, Any]:
        """The cleaned values of `names` that the reader changed (all of them on a create)."""
        return {
            n: self.cleaned_data.get(n)
            for n in names
            if n in self.fields and (self.instance is None or n in self.changed_data)
        }


def require_write(user: Any, obj: models.Model | None) -> None:
    """403 unless `user` may create (`obj` None: the role writes at all) or change `obj` (in
    their scope: the regional editor's regions, the officer's organization)."""
    if obj is None and not may_write(user):
        raise PermissionDenied(_("Your role may not create records."))
    if obj is not None and not can(user, "change", obj):
        raise PermissionDenied(_("You may not change this."))


def refuse_out_of_scope(user: Any, obj: models.Model, field: str = "region") -> None:
    """After a write, inside its transaction: an editor may not put a record out of their scope
    (another region, another organization); the whole write is then undone."""
    if not can(user, "change", obj):
        raise ValidationError(
            {field: _("This would put it outside your scope (your regions or organization).")}
        )


def form_context(heading: str, obj: Any, obj_label: str, list_url: str, list_label: str) -> dict:
    """The context `_form_page.html` shows around a form: its heading, the record being edited
    (None for a new one) and its label, and the list it belongs to (URL name and label)."""
    return {
        "heading": heading,
        "obj": obj,
        "obj_label": obj_label,
        "list_url": reverse(list_url),
        "list_label": list_label,
    }


def form_page(
    request: HttpRequest,
    form: EditForm,
    *,
    save: Callable[[EditForm], tuple[Any, bool]],
    template: str = "_form_page.html",
    context: dict[str, Any] | None = None,
    after: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Show `form`; on a valid POST run `save(form)` -> (object, changed) in one transaction and
    go to the object's page (or `after(obj)`); a service's ValidationError returns to the form."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                obj, changed = save(form)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            if form.instance is None:
                messages.success(request, _("Created."))
            elif changed:
                messages.success(request, _("Saved. The change is in the history below."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(after(obj) if after else obj.get_absolute_url())
    return render(request, template, {"form": form, **(context or {})})


def record_form_page(
    request: HttpRequest,
    form_class: Any,
    obj: models.Model | None,
    *,
    new: dict[str, Any],
    save: Callable[[EditForm], tuple[Any, bool]],
    headings: tuple[str, str],
    label: Callable[[Any], str],
    back: tuple[str, str],
    **form_kwargs: Any,
) -> HttpResponse:
    """The page that creates a record (`obj` None) or edits `obj`, for a user who may
    (`require_write`): `form_class` starts from `new` or from `form_class.initial_for(obj)`; the
    heading is `headings` (new, edit), the record is named `label(obj)` and belongs to the list
    `back` (URL name, label); a valid POST runs `save(form)` (`form_page`)."""
    require_write(request.user, obj)
    form = form_class(
        request.POST or None,
        initial=form_class.initial_for(obj) if obj is not None else new,
        instance=obj,
        **form_kwargs,
    )
    heading = headings[obj is not None]
    context = form_context(heading, obj, label(obj) if obj is not None else "", *back)
    return form_page(request, form, save=save, context=context)


def updating(
    service: Callable[..., tuple[Any, bool]],
    user: Any,
    values: Callable[[Any], dict[str, Any]],
    **target: Any,
) -> Callable[[EditForm], tuple[Any, bool]]:
    """The `save` of a form page that hands the form on to one update service:
    `service(actor=user, reason=<the form's reason>, **target, **values(form))`, which answers
    (object, changed).

        save=updating(initiative_update, request.user, lambda f: f.values(), initiative=ini)
    """

    def save(form: EditForm) -> tuple[Any, bool]:
        reason = form.cleaned_data["reason"]
        return service(actor=user, reason=reason, **target, **values(form))

    return save


# --- Picking references by name ----------------------------------------------------------------


class _PickMixin:
    """Render only the chosen options when the names come from a search endpoint: of a model
    choice field, its records; of a plain field (a filter's code), `labels(code)` names it."""

    url: Any
    labels: Callable[[str], str] | None

    def __init__(
        self,
        url: Any = None,
        attrs: dict[str, Any] | None = None,
        labels: Callable[[str], str] | None = None,
    ) -> None:
        self.url = url  # lazy (reverse_lazy): the URLs are not loaded yet
        self.labels = labels
        out = {"data-pick": "", **(attrs or {})}
        if url is not None:
            out["data-url"] = url
        super().__init__(attrs=out)  # type: ignore[call-arg]

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> Any:
        field = getattr(getattr(self, "choices", None), "field", None)
        chosen = [v for v in value if v not in ("", None)]
        blank = [] if getattr(self, "allow_multiple_selected", False) else [("", "—")]
        if self.url is not None and field is not None:
            key = field.to_field_name or "pk"
            options = blank + [
                (field.prepare_value(o), field.label_from_instance(o))
                for o in field.queryset.filter(**{f"{key}__in": chosen})
            ]
            setattr(self, "choices", options)  # noqa: B010  (only the chosen ones)
        elif self.labels is not None:
            setattr(self, "choices", blank + [(v, self.labels(v)) for v in chosen])  # noqa: B010
        return super().optgroups(name, value, attrs)  # type: ignore[misc]


class Pick(_PickMixin, forms.Select):
    pass


class PickMany(_PickMixin, forms.SelectMultiple):
    pass


def lookup_response(
    request: HttpRequest,
    rows: Iterable[Any],
    *,
    value: Callable[[Any], str],
    text: Callable[[Any], str],
) -> JsonResponse:
    """`{"results": [{"value": ..., "text": ...}]}` for a type-ahead (the first LOOKUP_ROWS)."""
    out = []
    for row in rows:
        out.append({"value": value(row), "text": text(row)})
        if len(out) >= LOOKUP_ROWS:
            break
    return JsonResponse({"results": out})


# --- Money -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text: str, language: str | None = None) -> Decimal:
    """`1 234 567,89` (kk, ru), `1,234,567.89` (en) or plain `1234567.89` as a Decimal."""
    raw = _SPACES.sub("", text)
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
    elif "," in raw:
        decimal_mark = "," if (language or get_language() or "en")[:2] in ("ru", "kk") else "."
    else:
        decimal_mark = "."
    group = "." if decimal_mark == "," else ","
    raw = raw.replace(group, "").replace(decimal_mark, ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValidationError(_("Enter an amount, e.g. 1 250 000,50."), code="invalid") from None


class MoneyInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "data-money": "", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return num(value, 2)
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """An amount with the reader's separators; `currency` and `date` name its sibling fields,
    which the USD preview under the input reads."""

    widget = MoneyInput

    def __init__(self, *, currency: str, date: str, **kw: Any) -> None:
        kw.setdefault("min_value", 0)
        kw.setdefault("max_digits", 20)
        kw.setdefault("decimal_places", 2)
        super().__init__(**kw)
        self.widget.attrs.update({"data-currency": currency, "data-date": date})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return parse_amount(str(value))


def text_area(
    label: Any, *, rows: int = 3, required: bool = False, **options: Any
) -> forms.CharField:
    """Text of several lines (a description, a reason), `rows` high; optional unless `required`."""
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **options
    )


def pick(
    label: Any, queryset: Any, key: str, *, url: Any = None, required: bool = False
) -> forms.ModelChoiceField:
    """One reference chosen by name; the form carries its `key` (a code, slug or ISO code)."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, to_field_name=key, required=required, widget=Pick(url)
    )


def pick_many(
    label: Any, queryset: Any, key: str, *, url: Any = None, required: bool = False
) -> forms.ModelMultipleChoiceField:
    """Several references as searchable chips."""
    return forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, to_field_name=key, required=required, widget=PickMany(url)
    )
