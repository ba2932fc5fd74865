from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Kontrollera stavningen och att Caps Lock inte är på, och försök igen."
        ),
        "inactive": _("Kontot är inaktiverat. Kontakta en administratör om du behöver komma åt portalen."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
