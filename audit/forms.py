from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.services import QUESTION_MAX_LENGTH


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Din fråga om bedömningen"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Skriv frågan innan du skickar den."),
            "max_length": _("Frågan är för lång. Korta den till högst %(limit_value)d tecken och försök igen."),
        },
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Svar"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Skriv svaret innan du skickar det."),
            "max_length": _("Svaret är för långt. Korta det till högst %(limit_value)d tecken och försök igen."),
        },
    )
