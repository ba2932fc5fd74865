"""The test OpenID provider as a pytest fixture, and signing in through it as a browser would.

A session fixture starts tests/sso/provider (django-oauth-toolkit) in its own
process on 127.0.0.1 with an RSA key made here; ``oidc`` points the portal's
settings at it for one test. ``sign_in`` follows the redirects: the portal's
start, the provider's sign-in form and authorization, back to the portal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "styrportal"
CLIENT_SECRET = "provider-test-secret-" + "s" * 20
PASSWORD = "provider-password"


@dataclass
class Provider:
    issuer: str
    directory_path: Path
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    fault: str | None = None

    def save(self) -> None:
        self.directory_path.write_text(json.dumps({"people": self.people, "fault": self.fault}), encoding="utf-8")

    def person(self, username: str, *, name: str, email: str, groups: list[str]) -> None:
        """Adds or changes someone in the provider's directory (takes effect at their next token)."""
        self.people[username] = {"password": PASSWORD, "name": name, "email": email, "groups": groups}
        self.save()

    def set_fault(self, fault: str | None) -> None:
        self.fault = fault
        self.save()

    def browser(self, username: str) -> requests.Session:
        """A browser signed in at the provider as ``username``."""
        session = requests.Session()
        session.trust_env = False  # 127.0.0.1, never through a proxy
        login_url = self.issuer.removesuffix("/o") + "/konto/logga-in/"
        page = session.get(login_url, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text
        answer = session.post(
            login_url,
            data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD, "next": "/"},
            headers={"Referer": login_url},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, f"the provider did not sign {username} in: {answer.status_code}"
        return session


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    folder = Path(tempfile.mkdtemp(prefix="styrportal-oidc-"))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    directory_path = folder / "directory.json"
    directory_path.write_text(json.dumps({"people": {}, "fault": None}), encoding="utf-8")
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))
    } | {
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_DIRECTORY": str(directory_path),
        "PROVIDER_RSA_PRIVATE_KEY": pem,
        "PROVIDER_CLIENT_ID": CLIENT_ID,
        "PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
        "PROVIDER_REDIRECT_URIS": "http://testserver" + reverse("sso:callback"),
        "PROVIDER_POST_LOGOUT_REDIRECT_URIS": "http://testserver/",
    }
    log = folder / "provider.log"  # a file, not a pipe: a pipe nobody reads would stop the provider when full
    with log.open("w", encoding="utf-8") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider.serve"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            process.kill()
            process.wait(timeout=10)
            raise RuntimeError(f"the test OpenID provider did not start: {line}{log.read_text(encoding='utf-8')}")
        yield Provider(issuer=line.split()[1], directory_path=directory_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def oidc(oidc_provider: Provider, settings: Any) -> Iterator[Provider]:
    """The portal's settings pointed at the test provider, and a directory with no one in it."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_DISCOVERY_URL = oidc_provider.issuer + "/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Testkommunens konto"
    settings.SIGNIN_CONTACT = "IT-servicedesk, servicedesk@testkommun.se"
    oidc_provider.people = {}
    oidc_provider.set_fault(None)
    yield oidc_provider
    oidc_provider.set_fault(None)


def provider_answer(client: Client, provider: Provider, username: str, *, start_url: str = "") -> str:
    """The portal's callback address with the provider's code and state, as the browser would be sent there."""
    start = client.get(start_url or reverse("sso:start"))
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(provider.issuer), start["Location"]
    answer = provider.browser(username).get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == reverse("sso:callback"), answer.headers["Location"]
    return f"{callback.path}?{callback.query}"


def sign_in(client: Client, provider: Provider, username: str) -> Any:
    """Signs ``username`` in through the provider; the portal's answer to the callback."""
    return client.get(provider_answer(client, provider, username))
