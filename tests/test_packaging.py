"""The package as a wheel carries it: tests run on an editable install, which hides a
subpackage that pyproject.toml forgets to list (as `entnorm.importers` once was)."""

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    src = ROOT / "src"
    on_disk = {
        ".".join(init.parent.relative_to(src).parts) for init in src.glob("entnorm/**/__init__.py")
    }
    assert on_disk <= set(config["packages"])
    # Data directories that are packages of data only.
    assert {"entnorm.data", "entnorm._bundled"} <= set(config["packages"])
    assert config["package-dir"]["entnorm._bundled"] == "data/aliases"
