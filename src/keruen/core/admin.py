"""Admin for sources, and the base every Keruen admin uses: writes go through the history with
the admin user as actor and the reason they give, and derived figures are recomputed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from keruen.core.history import delete_with_history, record_history, save_with_history
from keruen.core.models import IllustrativeMixin, Source
from keruen.core.money import derive_usd

ADMIN_REASON = "Edited in the administration interface"
ADMIN_DELETE_REASON = "Deleted in the administration interface"


class KeruenAdminForm(forms.ModelForm):
    keruen_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded in the history beside your name, e.g. the source of a figure."),
    )

    def check_instance(self) -> None:
        """What the services check and derive before they save (here: the USD values); an app's
        form adds its own checks. A `ValidationError` lands on the form's fields."""
        derive_usd(self.instance)

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            self.check_instance()
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {NON_FIELD_ERRORS: e.messages}
            for field, messages in errors.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message if target else f"{field}: {message}")


class KeruenInline(admin.TabularInline):
    """The rows a record owns (investors, aliases, parties ...), edited on its page; no empty
    rows are offered until "add another" is clicked."""

    extra = 0


def inline(model: type[Any], **options: Any) -> type[KeruenInline]:
    """The inline that edits `model`'s rows on their record's page; `options`: its other
    attributes (`autocomplete_fields`, `readonly_fields` ...)."""
    return type(f"{model.__name__}Inline", (KeruenInline,), {"model": model, **options})


class LogAdmin(admin.ModelAdmin):
    """A log Keruen writes itself (webhook deliveries, e-mails, reminders, in-app messages): every
    field is shown, none edited."""

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


def with_illustrative(model: type[Any], names: Any) -> list[Any]:
    """`names` (a list's columns or filters), and the "illustrative" flag last when `model` may
    hold invented demo records, so that they say so in the admin too."""
    names = list(names)
    if issubclass(model, IllustrativeMixin) and "is_illustrative" not in names:
        names.append("is_illustrative")
    return names


class KeruenAdmin(SimpleHistoryAdmin):
    """Saves and deletes through the history helpers: one row per change, actor and reason,
    written after the many-to-many relations and inlines are saved, so the row shows them.
    Lists of records that may be illustrative show and filter the flag."""

    form = KeruenAdminForm

    def get_list_display(self, request: Any) -> list[Any]:
        return with_illustrative(self.model, super().get_list_display(request))

    def get_list_filter(self, request: Any) -> list[Any]:
        return with_illustrative(self.model, super().get_list_filter(request))

    @staticmethod
    def _reason(request: Any, form: Any = None) -> str:
        given = ""
        if form is not None and hasattr(form, "cleaned_data"):
            given = (form.cleaned_data.get("keruen_reason") or "").strip()
        return given or getattr(request, "_keruen_reason", "") or ADMIN_REASON

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        request._keruen_reason = self._reason(request, form)
        obj.skip_history_when_saving = True
        try:
            obj.save()
        finally:
            del obj.skip_history_when_saving

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed():
            record_history(
                form.instance,
                actor=request.user,
                reason=self._reason(request, form),
                history_type="~" if change else "+",
            )

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        reason = self._reason(request, form)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_with_history(obj, actor=request.user, reason=reason)
        for obj in instances:
            save_with_history(obj, actor=request.user, reason=reason, validate=False)
        formset.save_m2m()

    def delete_model(self, request: Any, obj: Any) -> None:
        delete_with_history(obj, actor=request.user, reason=ADMIN_DELETE_REASON)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            delete_with_history(obj, actor=request.user, reason=ADMIN_DELETE_REASON)


@admin.register(Source)
class SourceAdmin(KeruenAdmin):
    list_display = ["code", "kind", "title", "publisher", "published_on"]
    list_filter = ["kind"]
    search_fields = ["code", "title", "publisher"]
