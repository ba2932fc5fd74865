"""Comments on a follow-up's indicator values: whoever may read the follow-up asks or answers, per value.

A comment is never changed or removed; it does not change the value. The read
view lists them under "Kommentarer till indikatorvärden" with a form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from followups.access import get_followup_for_user
from followups.models import FollowUp, IndicatorValue, ValueComment
from portal.access import request_user


class ValueCommentForm(forms.Form):
    value = forms.ChoiceField(label=gettext_lazy("Indikator"))
    text = forms.CharField(
        label=gettext_lazy("Kommentar"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Skriv kommentaren innan du skickar den.")},
    )

    def __init__(self, *args: Any, values: list[IndicatorValue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [(str(v.pk), v.indicator.name) for v in values]  # type: ignore[attr-defined]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv kommentaren innan du skickar den."))
        return text


def comments_of(followup: FollowUp) -> list[ValueComment]:
    """The follow-up's comments, oldest first, with their values' indicators and authors. One query."""
    return list(
        ValueComment.objects.filter(value__followup=followup)
        .select_related("value__indicator", "author")
        .order_by("value__indicator__name", "at", "pk")
    )


@require_POST
@login_required
def comment_add(request: HttpRequest, followup: int) -> HttpResponse:
    """Adds a comment on one of the follow-up's values; 404 for those who may not read the follow-up."""
    obj = get_followup_for_user(request, followup)
    if not request.user.has_perm("followups.comment_followup", obj):
        raise PermissionDenied("missing-permission perm=followups.comment_followup")
    values = list(IndicatorValue.objects.filter(followup=obj).select_related("indicator"))
    form = ValueCommentForm(request.POST, values=values)
    if form.is_valid():
        ValueComment.objects.create(
            value_id=int(form.cleaned_data["value"]), author=request_user(request), text=form.cleaned_data["text"]
        )
        messages.success(request, _("Kommentaren är sparad."))
    else:
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, _("Kommentaren sparades inte: %(why)s") % {"why": " ".join(errors)})
    return redirect(reverse("followups:followup_detail", args=[obj.pk]) + "#comments")
