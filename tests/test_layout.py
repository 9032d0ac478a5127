"""Guards on the layout: ``standards/`` stays pure (no web framework, no ORM, no environment).

The modules under ``standards/`` are imported in a fresh interpreter, so the imports of other
tests cannot hide or fake a dependency; their source is searched for environment reads.
"""

import functools
import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import standards

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN_IMPORTS = (
    "litestar",
    "starlette",
    "fastapi",
    "flask",
    "django",
    "sqlalchemy",
    "piccolo",
    "piccolo_admin",
    "alembic",
    "httpx",
    "requests",
    "aiohttp",
)

ENVIRONMENT_READS = ("os.environ", "os.getenv", "getenv(", "environb", "import environ")

STANDARDS_MODULES = sorted(
    {"standards"}
    | {info.name for info in pkgutil.walk_packages(standards.__path__, prefix="standards.")}
)

# Imports each module named in argv in turn and prints, per module, the modules its import added
# to sys.modules. A forbidden module is blamed on the first module whose import loads it.
_NEWLY_LOADED = """\
import importlib, json, sys
added = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module(name)
    added[name] = sorted(set(sys.modules) - before)
print(json.dumps(added))
"""


@functools.cache
def modules_loaded_by() -> dict[str, frozenset[str]]:
    """Per module under ``standards/``: the modules its import loads, in one fresh interpreter."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _NEWLY_LOADED, *STANDARDS_MODULES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"importing standards failed:\n{result.stderr}"
    added: dict[str, list[str]] = json.loads(result.stdout)
    return {module: frozenset(names) for module, names in added.items()}


def source_of(module: str) -> str:
    spec = importlib.util.find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).read_text(encoding="utf-8")


@pytest.mark.parametrize("forbidden", FORBIDDEN_IMPORTS)
@pytest.mark.parametrize("module", STANDARDS_MODULES)
def test_standards_imports_no_web_framework_or_orm(module: str, forbidden: str) -> None:
    pulled_in = sorted(
        name
        for name in modules_loaded_by()[module]
        if name == forbidden or name.startswith(f"{forbidden}.")
    )
    assert pulled_in == [], f"importing {module} loads {forbidden}"


@pytest.mark.parametrize("read", ENVIRONMENT_READS)
@pytest.mark.parametrize("module", STANDARDS_MODULES)
def test_standards_reads_no_environment(module: str, read: str) -> None:
    assert read not in source_of(module), f"{module} reads the environment ({read})"


def test_standards_modules_are_found() -> None:
    assert "standards" in STANDARDS_MODULES
    assert len(STANDARDS_MODULES) > 1, "no modules found under standards/"
