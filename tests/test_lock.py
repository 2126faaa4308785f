"""requirements.lock (what `make` installs, with hashes) pins every dependency pyproject.toml names, at a version
inside pyproject's range: a dependency added or a range changed without `make lock` fails here, not on a fresh
machine."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(m.group(1)): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", text, re.MULTILINE)}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in ("dev", "postgres"):
        reqs += project["optional-dependencies"][extra]
    return [Requirement(r) for r in reqs]


def test_every_declared_dependency_is_pinned_inside_its_range():
    pins = _pins()
    problems = []
    for req in _declared():
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{req.name} is not in requirements.lock")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req.name}=={pinned} is outside pyproject's range {req.specifier}")
    assert not problems, "run `make lock` and commit requirements.lock:\n" + "\n".join(problems)


def test_every_pin_carries_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+(?:\[[^\]]*\])?==)", text)
    unhashed = [b.split()[0] for b in blocks if "==" in b.split()[0] and "--hash=sha256:" not in b]
    assert not unhashed, f"pins without a hash: {unhashed}"


def _installed_requirements_with_extras() -> set[tuple[str, str]]:
    """(package, extra) pairs some installed distribution asks for in its own requirements (as weasel asks for
    smart-open[http]), markers evaluated for this interpreter."""
    from importlib import metadata

    wanted: set[tuple[str, str]] = set()
    for dist in metadata.distributions():
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            for extra in req.extras:
                wanted.add((canonicalize_name(req.name), extra))
    return wanted


def test_extras_that_packages_ask_for_are_pinned_with_the_extra():
    """The pip of a fresh `python3 -m venv` (23.2 on Python 3.11) refuses a lock whose pins lost their extras
    (`--strip-extras`): it looks the extra requirement up on the index and, under --require-hashes, stops on
    "all requirements must have their versions pinned with ==" as soon as a newer release is out. So a package
    asked for with an extra is pinned with it (`smart-open[http]==...`)."""
    text = (ROOT / "requirements.lock").read_text()
    pinned_extras = {(canonicalize_name(m.group(1)), extra.strip())
                     for m in re.finditer(r"^([A-Za-z0-9._-]+)\[([^\]]+)\]==", text, re.MULTILINE)
                     for extra in m.group(2).split(",")}
    pins = _pins()
    missing = sorted(f"{name}[{extra}]" for name, extra in _installed_requirements_with_extras()
                     if name in pins and (name, extra) not in pinned_extras)
    assert not missing, "pin these with their extra in requirements.lock (`make lock` keeps extras): " + ", ".join(missing)
