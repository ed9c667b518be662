"""Models whose status is a protected django-fsm-2 field."""

from django_fsm import FSMModelMixin


class ProtectedStateMixin(FSMModelMixin):
    """A model with protected FSM fields that still supports `refresh_from_db()`
    and `full_clean()`: Django's field cleaning assigns every field again, which a
    protected field refuses, and the declared transitions keep the state valid."""

    def clean_fields(self, exclude=None):
        protected = self._get_protected_fsm_fields()
        super().clean_fields(exclude={*(exclude or ()), *protected})
