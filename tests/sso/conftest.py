from __future__ import annotations

from tests.sso.oidc import oidc, oidc_provider  # noqa: F401  (fixtures)
