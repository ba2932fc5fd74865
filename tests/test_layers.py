"""The apps' layers (pyproject.toml, [tool.importlinter]) hold, and `lint-imports` would catch a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["importlinter"]["root_packages"])


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(where / "pyproject.toml"), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    for package in _packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_every_app_is_named_in_the_layers() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(_packages())


def test_the_project_keeps_its_layers(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_against_the_layers_fails_lint(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    targets = tree / "goals" / "targets.py"
    targets.write_text(targets.read_text() + "\nfrom fulfillment.judging import roll_up  # noqa: E402,F401\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "goals.targets -> fulfillment.judging" in result.stdout


def test_a_lower_app_importing_a_sibling_above_fails_too(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    services = tree / "budgets" / "services.py"
    services.write_text(services.read_text() + "\nimport goals.models  # noqa: E402,F401\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "budgets.services -> goals.models" in result.stdout


MAX_MODULE_LINES = 600  # the house rule: split a longer module (views_x.py, services_x.py ...)


def test_no_module_of_the_apps_is_over_600_lines() -> None:
    """Every .py file of the apps in the layers (migrations aside: Django writes them) has at most 600 lines."""
    found = {}
    for package in _packages():
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                found[path.relative_to(ROOT).as_posix()] = lines
    assert not found, "Modules over 600 lines, split them: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(found.items())
    )
