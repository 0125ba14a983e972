"""The layering rules of DESIGN.md, checked statically.

    One-way dependencies: bot -> handlers -> (ashby, blocks); blocks may import ashby models only;
    ashby never imports Slack code; nothing imports bot except entrypoints.

Every ``.py`` file under ashby/, blocks/, handlers/ and bot/ is parsed with :mod:`ast`; nothing is imported or
executed. Every import statement counts wherever it appears (module level, inside a function, under
``if TYPE_CHECKING:``), because a lazy or type-only import is still a dependency of that layer. Relative
imports are resolved to absolute module names, and ``from pkg import name`` counts as importing the submodule
``pkg.name`` when that submodule exists in the tree. Calls to ``importlib.import_module`` / ``__import__``
with a literal name are counted too. Only direct imports are checked, not what they import in turn.

Tests and benchmarks are not checked.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ashby", "blocks", "handlers", "bot")

SLACK = ("slack_bolt", "slack_sdk")
IO_LIBRARIES = ("httpx", "redis", "slack_bolt", "slack_sdk", "aiohttp")

# What blocks/ may import besides the standard library and itself: the read models it renders
# (ashby.views), the action plans it previews (ashby.actions, see README), the pydantic models and the
# notices it draws (ashby.events: plain data about what changed).
BLOCKS_MAY_IMPORT = ("blocks", "ashby.views", "ashby.actions", "ashby.models", "ashby.events")
BLOCKS_NEVER_IMPORT = (*SLACK, "httpx", "redis", "handlers", "bot")

SANDBOX = "ashby.sandbox"


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository root
    line: int
    module: str  # absolute name of what is imported

    def __str__(self) -> str:
        return f"{self.path}:{self.line} -> {self.module}"


def _module_of(path: Path) -> tuple[str, bool]:
    """The dotted module name of a file under ROOT, and whether it is a package (``__init__.py``)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


@cache
def _source_files() -> tuple[Path, ...]:
    files: list[Path] = []
    for package in PACKAGES:
        files.extend(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)
    return tuple(sorted(files))


@cache
def _known_modules() -> frozenset[str]:
    return frozenset(_module_of(path)[0] for path in _source_files())


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _within_any(module: str, prefixes: Iterable[str]) -> bool:
    return any(_within(module, prefix) for prefix in prefixes)


def _is_stdlib(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names


def _relative_base(module: str, is_package: bool, level: int, name: str | None, where: str) -> str:
    """What ``from <level dots><name> import ...`` refers to inside ``module``."""
    package = module if is_package else module.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        raise AssertionError(f"{where}: relative import goes above the top-level package {parts[:1]}")
    base = parts[: len(parts) - (level - 1)]
    if name:
        base.append(name)
    return ".".join(base)


def imports_in(source: str, module: str, is_package: bool, path: str, known: frozenset[str]) -> list[Import]:
    """Every module ``source`` (the text of ``module``) imports, as absolute names."""
    found: list[Import] = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            found.extend(Import(path, node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _relative_base(module, is_package, node.level, node.module, f"{path}:{node.lineno}")
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                target = submodule if alias.name != "*" and submodule in known else base
                found.append(Import(path, node.lineno, target))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                name = first.value
                if name.startswith("."):
                    level = len(name) - len(name.lstrip("."))
                    name = _relative_base(module, is_package, level, name[level:] or None, f"{path}:{node.lineno}")
                found.append(Import(path, node.lineno, name))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in {"__import__", "import_module"}
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


@cache
def all_imports() -> tuple[Import, ...]:
    known = _known_modules()
    found: list[Import] = []
    for path in _source_files():
        module, is_package = _module_of(path)
        rel = path.relative_to(ROOT).as_posix()
        found.extend(imports_in(path.read_text(encoding="utf-8"), module, is_package, rel, known))
    return tuple(sorted(found, key=lambda i: (i.path, i.line, i.module)))


def _under(path: str, *folders: str) -> bool:
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders)


def _violations(files: Callable[[str], bool], bad: Callable[[str], bool]) -> list[Import]:
    return [imp for imp in all_imports() if files(imp.path) and bad(imp.module)]


def _report(rule: str, offenders: list[Import]) -> str:
    lines = "\n".join(f"  {imp}" for imp in offenders)
    return f"{rule}\n{len(offenders)} offending import(s):\n{lines}"


def _entrypoint_modules() -> set[str]:
    """``python -m bot`` and the console scripts declared in pyproject.toml."""
    entrypoints = {"bot.__main__"}
    with (ROOT / "pyproject.toml").open("rb") as f:
        scripts = tomllib.load(f).get("project", {}).get("scripts", {})
    entrypoints.update(target.split(":")[0] for target in scripts.values())
    return entrypoints


# --- the collector itself ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("from .x import y", "handlers.language.parse", False, "handlers.language.x"),
        ("from ..intents import z", "handlers.language.parse", False, "handlers.intents"),
        ("from .parse import understand", "handlers.language", True, "handlers.language.parse"),
        ("from . import models as m", "ashby.client", False, "ashby.models"),
        ("from . import sandbox", "ashby.client", False, "ashby.sandbox"),
        ("from .. import bot", "handlers.language.parse", False, "handlers"),
        ("from ashby import views", "blocks.common", False, "ashby.views"),
        ("from ashby.views import JobView", "blocks.common", False, "ashby.views"),
        ("import slack_sdk.errors", "ashby.client", False, "slack_sdk.errors"),
        ("def f():\n    import bot.app", "handlers.slack", False, "bot.app"),
        ("import importlib\nimportlib.import_module('bot.cli')", "handlers.slack", False, "bot.cli"),
    ],
)
def test_imports_are_resolved_to_absolute_names(source: str, module: str, is_package: bool, expected: str) -> None:
    known = frozenset({"ashby", "ashby.models", "ashby.views", "ashby.sandbox", "handlers", "handlers.intents"})
    found = [imp.module for imp in imports_in(source, module, is_package, "x.py", known)]
    assert expected in found, f"{source!r} in {module}: expected {expected}, got {found}"


def test_every_layer_is_scanned() -> None:
    scanned = {imp.path.split("/")[0] for imp in all_imports()}
    assert scanned == set(PACKAGES), f"no imports found in {set(PACKAGES) - scanned}: is the scan looking in ROOT?"


# --- the rules --------------------------------------------------------------------------------------------------


def test_ashby_never_imports_slack_handlers_blocks_or_bot() -> None:
    offenders = _violations(
        lambda path: _under(path, "ashby"),
        lambda module: _within_any(module, (*SLACK, "handlers", "blocks", "bot")),
    )
    assert not offenders, _report("ashby/ must not import slack_bolt, slack_sdk, handlers, blocks or bot.", offenders)


def test_blocks_imports_only_stdlib_blocks_and_ashby_read_models() -> None:
    offenders = _violations(
        lambda path: _under(path, "blocks"),
        lambda module: not (_is_stdlib(module) or _within_any(module, BLOCKS_MAY_IMPORT)),
    )
    assert not offenders, _report(
        f"blocks/ may import only the standard library and {', '.join(BLOCKS_MAY_IMPORT)}.", offenders
    )


def test_blocks_never_imports_io_slack_or_upper_layers() -> None:
    offenders = _violations(
        lambda path: _under(path, "blocks"), lambda module: _within_any(module, BLOCKS_NEVER_IMPORT)
    )
    assert not offenders, _report(f"blocks/ must not import {', '.join(BLOCKS_NEVER_IMPORT)}.", offenders)


def test_handlers_never_import_bot() -> None:
    offenders = _violations(lambda path: _under(path, "handlers"), lambda module: _within(module, "bot"))
    assert not offenders, _report("handlers/ must not import bot (bot -> handlers, never back).", offenders)


def test_nothing_outside_bot_imports_bot_except_entrypoints() -> None:
    entrypoints = _entrypoint_modules()
    # Both entrypoints (bot/__main__.py for `python -m bot`, bot.cli:main for `ashby-bot`) live inside bot/,
    # so no file outside bot/ is exempt today; the exemption is kept in case an entrypoint moves.
    offenders = [
        imp
        for imp in _violations(lambda path: not _under(path, "bot"), lambda module: _within(module, "bot"))
        if _module_of(ROOT / imp.path)[0] not in entrypoints
    ]
    assert not offenders, _report(
        f"Only bot/ and the entrypoints ({', '.join(sorted(entrypoints))}) may import bot.", offenders
    )


def test_runtime_modules_never_import_the_sandbox() -> None:
    # bot/ is allowed: the demo and `ashby-bot sandbox` run the sandbox in-process.
    offenders = _violations(
        lambda path: (
            (_under(path, "ashby") and not _under(path, "ashby/sandbox")) or _under(path, "handlers", "blocks")
        ),
        lambda module: _within(module, SANDBOX),
    )
    assert not offenders, _report(
        "ashby/ (outside ashby/sandbox/), handlers/ and blocks/ must not import ashby.sandbox; only bot/ may.",
        offenders,
    )


def test_language_parser_is_pure() -> None:
    offenders = _violations(
        lambda path: _under(path, "handlers/language"),
        lambda module: _within_any(module, (*IO_LIBRARIES, "bot")),
    )
    assert not offenders, _report(
        f"handlers/language/ is the pure parser: it must not import {', '.join(IO_LIBRARIES)} or bot.", offenders
    )
