"""Render Django form fields as GOV.UK Design System components.

`{% govuk_field form.name %}` picks the component from the widget (input, textarea, radios, checkboxes,
select, date input) and keeps whatever the user typed when the form comes back with errors.
`{% govuk_error_summary form %}` lists every error, each linking to its field.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from frontdoor.core.forms import GovukDateWidget

register = template.Library()


def _first_input_id(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, GovukDateWidget | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


def _options(bound: forms.BoundField) -> list[dict[str, Any]]:
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    hints = getattr(bound.field, "option_hints", {})
    choices = [
        (v, label)
        for v, label in bound.field.choices
        if v not in ("", None) or isinstance(bound.field.widget, forms.Select)
    ]
    options = []
    for index, (option_value, option_label) in enumerate(choices):
        options.append(
            {
                "id": f"{bound.auto_id}_{index}",
                "value": option_value,
                "label": option_label,
                "hint": hints.get(option_value, ""),
                "checked": str(option_value) in selected,
            }
        )
    return options


def _select_options(options: list[dict[str, Any]]) -> SafeString:
    """A select's options as the template would write them, each value escaped as {{ }} does. Built here: a
    filter form of a few selects with dozens of options made the template loop the busiest part of a page."""
    return SafeString(
        "".join(
            f'<option value="{_as_template_text(option["value"])}"{" selected" if option["checked"] else ""}>'
            f"{_as_template_text(option['label'])}</option>\n    "
            for option in options
        )
    )


def _as_template_text(value: Any) -> str:
    """What {{ value }} writes (django.template.base.render_value_in_context, autoescaping)."""
    return conditional_escape(localize(template_localtime(value)))


@register.simple_tag
def govuk_field(
    bound: forms.BoundField,
    label_size: str = "",
    is_page_heading: bool = False,
    classes: str = "",
    hint: str = "",
    autocomplete: str = "",
    rows: int = 5,
) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return str(bound)
    context: dict[str, Any] = {
        "field": bound,
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": bound.label,
        "hint": hint or bound.help_text,
        "errors": bound.errors,
        "label_size": label_size,
        "is_page_heading": is_page_heading,
        "classes": classes,
        "autocomplete": autocomplete or widget.attrs.get("autocomplete", ""),
        "required": bound.field.required,
        "attrs": {k: v for k, v in widget.attrs.items() if k not in {"autocomplete", "class"}},
        "rows": rows,
    }
    if isinstance(widget, GovukDateWidget):
        value = bound.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        context["parts"] = [
            {"suffix": "0", "label": "Day", "value": value[0] or "", "width": 2},
            {"suffix": "1", "label": "Month", "value": value[1] or "", "width": 2},
            {"suffix": "2", "label": "Year", "value": value[2] or "", "width": 4},
        ]
        name = "date_input"
    elif isinstance(widget, forms.CheckboxSelectMultiple):  # a RadioSelect subclass, so first
        context["options"] = _options(bound)
        name = "checkboxes"
    elif isinstance(widget, forms.RadioSelect):
        context["options"] = _options(bound)
        name = "radios"
    elif isinstance(widget, forms.Select):
        context["options"] = _options(bound)
        context["options_html"] = _select_options(context["options"])
        name = "select"
    elif isinstance(widget, forms.Textarea):
        context["value"] = bound.value() or ""
        name = "textarea"
    else:
        # A password is never sent back in the page (Django's own widget does the same)
        hidden = isinstance(widget, forms.PasswordInput) and not widget.render_value
        context["value"] = "" if hidden else bound.value() or ""
        context["type"] = getattr(widget, "input_type", "text")
        name = "input"
    return render_to_string(f"govuk/{name}.html", context)


@register.simple_tag
def govuk_error_summary(*forms_: forms.Form) -> str:
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append({"href": "", "message": message})
        for bound in form:
            for message in bound.errors:
                errors.append({"href": f"#{_first_input_id(bound)}", "message": message})
    if not errors:
        return ""
    return render_to_string("govuk/error_summary.html", {"errors": errors})


@register.filter
def error_title(title: str, form: forms.Form | None) -> str:
    """GOV.UK asks for 'Error: ' before the page title when the form has errors."""
    if form is not None and form.is_bound and form.errors:
        return f"Error: {title}"
    return title


@register.filter
def deadline(moment: datetime.datetime | None, style: str = "short") -> str:
    """A deadline as staff read it. Midnight deadlines (a contact that came in at the weekend) read as the end
    of the day before: "end of Mon 23 Nov" rather than "Tue 24 Nov 00:00"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day_format = "%A %-d %B %Y" if style == "long" else "%a %-d %b"
    if local.time() == datetime.time.min:
        return f"end of {(local - datetime.timedelta(days=1)).strftime(day_format)}"
    return local.strftime(f"{day_format}{',' if style == 'long' else ''} %H:%M")
