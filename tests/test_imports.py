"""The packages' dependencies, read from the source (ast, no import runs): they point one way (no cycle between
packages, nor between the files of the product or of the sandbox), and the runtime packages never import the sandbox, the benchmarks or the command line that wires
them in (docs/contracts.md, "Packages and ownership")."""
from __future__ import annotations

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTER = ("sandbox", "benchmarks", "concierge")      # stand-ins, benchmarks, the `concierge` command line
# Every other top-level package of the repository is runtime code (a new one is checked without being listed).
RUNTIME = tuple(sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in (*OUTER, "tests")))
PACKAGES = RUNTIME + OUTER


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, anywhere in it (inside functions too), relative imports resolved."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    if path.name == "__init__.py":
        module = module.rsplit(".", 1)[0] + "._"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[:-node.level]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


def package_graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, dict[str, set[str]]]:
    """{package: {imported package: {file that imports it, ...}}} over our own packages."""
    graph: dict[str, dict[str, set[str]]] = {p: {} for p in packages}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            for name in imported_modules(path, root):
                top = name.split(".")[0]
                if top in packages and top != package:
                    graph[package].setdefault(top, set()).add(str(path.relative_to(root)))
    return graph


def find_cycle(graph: dict[str, dict[str, set[str]]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}          # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_cycle_between_packages():
    graph = package_graph()
    cycle = find_cycle(graph)
    where = [f"{a} -> {b}: {sorted(graph[a][b])}" for a, b in itertools.pairwise(cycle)] if cycle else []
    assert cycle is None, "packages import each other in a cycle:\n" + "\n".join(where)


def test_runtime_code_never_imports_the_sandbox_the_benchmarks_or_the_command_line():
    graph = package_graph()
    offending = {f"{package} -> {outer}": sorted(files) for package in RUNTIME
                 for outer, files in graph[package].items() if outer in OUTER}
    assert not offending, f"runtime code imports what only the command line and the tests may: {offending}"


def test_runtime_code_imports_by_name_not_through_importlib():
    """Every dependency is visible to the walk above: no `importlib.import_module("...")` in runtime code."""
    users = sorted(str(path.relative_to(ROOT)) for package in RUNTIME for path in (ROOT / package).rglob("*.py")
                   if any(name.split(".")[0] == "importlib" for name in imported_modules(path)))
    assert not users, f"importlib in runtime code (import the module by name): {users}"


def test_the_walk_sees_imports_inside_functions_and_relative_ones(tmp_path):
    """The checks above can fail: a lazy import inside a function and a relative import both count."""
    for package, source in {"alpha": "def f():\n    from beta import x\n",
                            "beta": "from .inner import y\nimport gamma.sub\n",
                            "gamma": "from alpha import f\n"}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(source, encoding="utf-8")
    graph = package_graph(tmp_path, ("alpha", "beta", "gamma"))
    assert set(graph["alpha"]) == {"beta"} and set(graph["beta"]) == {"gamma"}
    assert find_cycle(graph) == ["alpha", "beta", "gamma", "alpha"]


def file_graph(packages: str | tuple[str, ...], root: Path = ROOT) -> dict[str, dict[str, set[str]]]:
    """{module: {module of these packages it imports: {file}}}, file by file (`from . import ids` names the
    module ids, not the package)."""
    names = (packages,) if isinstance(packages, str) else packages
    files = sorted(path for package in names for path in (root / package).rglob("*.py"))

    def module_of(path: Path) -> str:
        parts = path.relative_to(root).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    known = {module_of(p) for p in files}
    graph: dict[str, dict[str, set[str]]] = {}
    for path in files:
        module = module_of(path)
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here.split(".")[:len(here.split(".")) - node.level + 1]) if node.level else ""
                target = ".".join(p for p in (base, node.module or "") if p)
                targets = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known] or [target]
            for target in targets:
                if target in known and target != module:
                    graph.setdefault(module, {}).setdefault(target, set()).add(str(path.relative_to(root)))
    return graph


def test_no_cycle_between_the_files_of_the_sandbox():
    """The stand-ins are read and changed like the product: no two of their files import each other, directly
    or round a cycle (lazy imports and TYPE_CHECKING ones count)."""
    graph = file_graph("sandbox")
    cycle = find_cycle(graph)
    where = [f"{a} -> {b}: {sorted(graph[a][b])}" for a, b in itertools.pairwise(cycle)] if cycle else []
    assert cycle is None, "files import each other in a cycle:\n" + "\n".join(where)


def test_no_cycle_between_the_files_of_the_product():
    """The same over the runtime packages together (bot, intents, notifications, runtime, servicecloud, slackui,
    store): no file imports one that imports it back, directly or round a cycle, across packages too. Lazy
    imports and TYPE_CHECKING ones count: a cycle hidden in a function or behind `if TYPE_CHECKING` still ties
    the two files together for a reader and for a move."""
    graph = file_graph(RUNTIME)
    cycle = find_cycle(graph)
    where = [f"{a} -> {b}: {sorted(graph[a][b])}" for a, b in itertools.pairwise(cycle)] if cycle else []
    assert cycle is None, "files import each other in a cycle:\n" + "\n".join(where)


def test_the_file_walk_resolves_relative_imports_to_files(tmp_path):
    (tmp_path / "pkg").mkdir()
    for name, source in {"__init__": "from .a import x\n", "a": "def f():\n    from . import b\n",
                         "b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import f\n"}.items():
        (tmp_path / "pkg" / f"{name}.py").write_text(source, encoding="utf-8")
    graph = file_graph("pkg", tmp_path)
    assert {m: set(g) for m, g in graph.items()} == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]


def test_the_file_walk_follows_imports_across_packages(tmp_path):
    for package, source in {"one": "def f():\n    from two.b import g\n", "two": ""}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(source, encoding="utf-8")
    (tmp_path / "two" / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import one\n",
                                          encoding="utf-8")
    graph = file_graph(("one", "two"), tmp_path)
    assert {m: set(g) for m, g in graph.items()} == {"one": {"two.b"}, "two.b": {"one"}}
    assert find_cycle(graph) == ["one", "two.b", "one"]


# docs/contracts.md, "Packages and ownership": what each runtime package may import of ours.
MAY_IMPORT = {
    "servicecloud": set(), "intents": set(), "store": set(), "slackui": {"servicecloud", "store"},
    "bot": {"servicecloud", "intents", "store", "slackui"},
    "notifications": {"servicecloud", "store", "slackui"},
    "runtime": {"servicecloud", "intents", "store", "slackui", "bot", "notifications"},
}


def test_each_runtime_package_imports_only_the_layers_below_it():
    graph = package_graph()
    assert set(MAY_IMPORT) == set(RUNTIME), "a new runtime package needs its row here and in docs/contracts.md"
    wrong = {f"{package} -> {dep}: {sorted(files)}" for package, deps in graph.items() if package in MAY_IMPORT
             for dep, files in deps.items() if dep not in MAY_IMPORT[package]}
    assert not wrong, wrong
