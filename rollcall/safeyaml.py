"""YAML loading for files contributors edit: safe types only, no aliases, errors with a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, so a billion-laughs file cannot blow up memory."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        # PyYAML keeps the last of two equal keys; a second `constraints:` would silently drop the first
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, (str, int, float, bool)) or key is None:
                    if key in seen:
                        raise DuplicateKeyError(key, seen[key], key_node.start_mark)
                    seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


class DuplicateKeyError(yaml.YAMLError):
    """A mapping names the same key twice."""

    def __init__(self, key: Any, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.problem = (f"the key '{key}' appears twice in one mapping (first on line {first_line}); "
                        "YAML would keep only the last: merge them or delete one")
        self.problem_mark = mark


@dataclass(frozen=True)
class YamlFailure:
    """Why a YAML text could not be loaded, with the 1-based line of the fault."""

    line: int
    code: str
    message: str


def load_yaml(text: str) -> Any | YamlFailure:
    """Parse YAML text into plain data, or describe why not."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - safe subclass
    except DuplicateKeyError as exc:
        return YamlFailure(_line(exc), "yaml-duplicate-key", exc.problem)
    except yaml.constructor.ConstructorError as exc:
        return YamlFailure(_line(exc), "yaml-unsafe",
                           f"unsupported tag or value ({exc.problem}); use plain YAML values only")
    except yaml.composer.ComposerError as exc:
        code = "yaml-unsafe" if "alias" in str(exc.problem) else "yaml-syntax"
        return YamlFailure(_line(exc), code, str(exc.problem))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        opened = _opening_line(exc)
        if opened is not None:  # an unclosed [, { or quote: point at the line that opens it
            what = next(sign for words, sign in _OPENERS.items() if words in str(exc.context))
            return YamlFailure(opened, "yaml-syntax", f"YAML syntax error: the {what} opened on this line "
                                                      f"is never closed ({problem} on line {_line(exc)})")
        return YamlFailure(_line(exc), "yaml-syntax", f"YAML syntax error: {problem}")


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """1-based line of every mapping key and sequence item, by path: ("resources", 5, "path").

    For locating problems in a file that `load_yaml` already accepted; {} if it cannot be read.
    """
    try:
        root = yaml.compose(text, Loader=_NoAliasLoader)  # noqa: S506 - safe subclass
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[path + (key.value,)] = key.start_mark.line + 1
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                walk(item, path + (index,))

    if root is not None:
        walk(root, ())
    return lines


_OPENERS = {"flow sequence": "[", "flow mapping": "{", "quoted scalar": "quote"}


def _opening_line(exc: yaml.YAMLError) -> int | None:
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "context_mark", None)
    if mark is None or not context.startswith(("while parsing a flow", "while scanning a quoted")):
        return None
    return mark.line + 1


def _line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1
