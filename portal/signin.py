"""Other ways to sign in than the portal's own passwords, registered by the apps that offer them.

portal imports none of those apps (the layers): an app such as ``sso`` registers a
method in its ``AppConfig.ready()``, and the sign-in page shows each method's
button before the password form. A method may leave an address in the session
(``SIGNOUT_REDIRECT_SESSION_KEY``) for the browser to visit after sign-out, such
as the identity provider's own sign-out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SIGNOUT_REDIRECT_SESSION_KEY = "portal_signout_redirect"


@dataclass(frozen=True)
class SignInMethod:
    url_name: str  # the view that starts the sign-in
    label: Callable[[], str]  # the button's text, in the active language
    is_enabled: Callable[[], bool]  # read at each request: settings may change in tests


_methods: dict[str, SignInMethod] = {}


def register(name: str, method: SignInMethod) -> None:
    """Adds (or replaces) the sign-in method called ``name``."""
    _methods[name] = method


def enabled_methods() -> list[SignInMethod]:
    return [method for method in _methods.values() if method.is_enabled()]
