"""Setting up: the README's two commands work with the oldest Python the project says it accepts."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT


def declared_minimum() -> str:
    match = re.search(
        r"^PYTHON_MIN := (\d+\.\d+(?:\.\d+)?)$", (ROOT / "Makefile").read_text(), re.M
    )
    assert match, "the Makefile must set PYTHON_MIN"
    return match.group(1)


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name] = version
    return pins


def test_every_locked_package_installs_on_the_oldest_python_the_makefile_accepts():
    """Debian 12's python3 is 3.11.2: a pin that needs 3.11.5 would stop `make test` in pip."""
    oldest = Version(declared_minimum() + ".0" * (2 - declared_minimum().count(".")))
    refusing = []
    for name, version in locked().items():
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # needed on older Pythons only (typing_extensions on 3.13); CI has 3.11
        assert dist.version == version, f"{name}: installed {dist.version}, locked {version}"
        requires = dist.metadata.get("Requires-Python")
        if requires and not SpecifierSet(requires).contains(oldest):
            refusing.append(f"{name}=={version} (Requires-Python {requires})")
    assert not refusing, f"these pins refuse Python {oldest}: " + ", ".join(refusing)


def test_the_readme_states_the_minimum_the_makefile_checks():
    assert f"Python {declared_minimum()} or newer" in (ROOT / "README.md").read_text()
