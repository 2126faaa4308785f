"""The lint and type gate, also run by `make lint` in CI: ruff (rules in pyproject.toml) over the whole tree and
mypy (pydantic plugin) over the product packages. A finding fails the suite, so it cannot land unnoticed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    assert found, f"{name} is not installed: `pip install -e '.[dev]'` (it is a dev dependency)"
    return found


def test_ruff_finds_nothing():
    run = subprocess.run([_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"ruff findings (fix them, `ruff check --fix .` does most):\n{run.stdout}{run.stderr}"


def test_mypy_finds_nothing():
    run = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"mypy errors in the product packages:\n{run.stdout}{run.stderr}"
