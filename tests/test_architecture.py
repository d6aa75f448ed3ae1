"""The house has no circles: no chain of imports between apps leads back to where it began.

Every import of one ``tokodesa`` app by another counts, at module level or inside a function
(a function-level import hides a cycle, it does not remove it). A cycle inside one app (its
services and tasks, say) is that app's own business. See docs/adr/0012.
"""

import ast
from pathlib import Path

import tokodesa

PACKAGE = Path(tokodesa.__file__).parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "tokodesa" and len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    return None


def import_graph() -> dict[str, dict[str, list[str]]]:
    """app → the apps it imports → where (file:line)."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in (PACKAGE / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                    if node.module == "tokodesa":  # from tokodesa import orders
                        modules = [f"tokodesa.{alias.name}" for alias in node.names]
                else:
                    continue
                for module in modules:
                    target = _app_of(module)
                    if target and target != app:
                        where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                        graph[app].setdefault(target, []).append(where)
    return graph


def cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(app):
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in graph[app]:
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for app in graph:
        if app not in index:
            visit(app)
    return found


def test_the_graph_sees_every_app_and_function_level_imports():
    graph = import_graph()
    assert {"core", "villages", "orders", "payments", "ledger", "checkout"} <= set(graph)
    # payments' receivers import orders inside ready(): such imports are counted too
    assert "orders" in graph["payments"]
    assert "ledger" not in graph["orders"] and "payments" not in graph["orders"]


def test_no_import_cycle_spans_two_apps():
    graph = import_graph()
    found = cycles(graph)
    detail = [
        f"{' ⇄ '.join(group)}: "
        + "; ".join(f"{a} → {b} ({graph[a][b][0]})" for a in group for b in group if b in graph[a])
        for group in found
    ]
    assert not found, "\n".join(detail)


def test_the_tenant_kernel_and_core_know_no_feature():
    graph = import_graph()
    assert set(graph["core"]) == set()
    assert set(graph["villages"]) <= {"core", "regions", "audit"}
    assert set(graph["audit"]) <= {"core"}


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}) == [
        ["a", "b", "c"]
    ]
