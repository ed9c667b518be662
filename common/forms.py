"""Showing a service's ValidationError to the user, on a form or as messages."""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def form_errors_add(
    form: forms.BaseForm, exc: ValidationError, *, fallback: str | None = None
) -> None:
    """Put each message of `exc` on the form field it names; a message naming no
    field of the form goes to `fallback` (a field name) or to the whole form."""
    if hasattr(exc, "error_dict"):
        pairs = [
            (field, error)
            for field, errors in exc.message_dict.items()
            for error in errors
        ]
    else:
        pairs = [(None, error) for error in exc.messages]
    for field, error in pairs:
        if field not in form.fields or field == NON_FIELD_ERRORS:
            field = fallback
        form.add_error(field, error)


def errors_flash(request, exc: ValidationError) -> None:
    """Show every message of `exc` as an error message on the next page."""
    for message in exc.messages:
        messages.error(request, message)
