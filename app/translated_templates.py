"""Templates translated as they compile: `_("literal")` becomes the locale's text once, not
a call on every render (a page makes 70 to 140 of them, each a context call, a catalog
look-up and a Markup). Calls with variables keep their %-formatting, done by Markup as
the i18n extension's newstyle gettext does, so escaping is unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, nodes
from jinja2.visitor import NodeTransformer

# Bumped when the transformation changes, so compiled templates of the old one are not reused.
VERSION = "1"
GETTEXT_NAMES = frozenset({"_", "gettext"})


class TranslatedEnvironment(Environment):
    """An environment of one locale whose templates compile with their texts translated."""

    def __init__(self, gettext: Callable[[str], str], **options: Any) -> None:
        super().__init__(**options)
        self.translate = gettext

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # A dict, not Jinja's ChainMap over self.globals: each {% import %} compares the
        # names of its context's globals with its template's, and a ChainMap answers each
        # name in Python. The globals are all set before the first template loads
        # (app.rendering.environment), so a template's copy never goes stale.
        return {**self.globals, **(d or {})}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        result: nodes.Template = _Translate(self.translate).visit(template)
        return result


class _Translate(NodeTransformer):
    def __init__(self, gettext: Callable[[str], str]) -> None:
        self.gettext = gettext

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        self.generic_visit(node)
        callee, args = node.node, node.args
        if not (
            isinstance(callee, nodes.Name)
            and callee.name in GETTEXT_NAMES
            and len(args) == 1
            and isinstance(args[0], nodes.Const)
            and isinstance(args[0].value, str)
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        text = self.gettext(args[0].value)
        lineno = node.lineno
        if not node.kwargs:
            try:
                text = text % {}  # newstyle gettext always formats: "100 %%" is "100 %"
            except (KeyError, ValueError, TypeError):
                return node  # left to fail as it would have, when rendered
            return nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=lineno), lineno=lineno)
        variables = nodes.Dict(
            [nodes.Pair(nodes.Const(k.key), k.value, lineno=lineno) for k in node.kwargs],
            lineno=lineno,
        )
        translated = nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=lineno), lineno=lineno)
        return nodes.Mod(translated, variables, lineno=lineno)


def bytecode_cache(locale: str, catalogs: list[Path]) -> FileSystemBytecodeCache:
    """Compiled templates of this locale and these catalogs only: a template compiled with
    another language's texts, or before the catalog changed, is never picked up."""
    digest = hashlib.sha256(VERSION.encode())
    for catalog in catalogs:
        digest.update(catalog.read_bytes())
    return FileSystemBytecodeCache(pattern=f"__klusterfas_{locale}_{digest.hexdigest()[:16]}_%s")
