"""YAML decoding the way Kubernetes' strict decoder sees documents.

Differences from PyYAML's defaults, each one a trap seen in real CRDs and manifests:
- a stream is cut into documents as kubectl cuts it, at lines starting with `---` (a separator
  followed by anything but a comment is an error), and only the first document of each piece
  is read (`load_documents`);
- a key given twice keeps its last value, as kubectl's go-yaml (not strict) reads it: the
  server never sees the duplicate; merge keys (`<<`) merge as go-yaml v2 merges them;
- an explicit tag is resolved as go-yaml v2 resolves it: `!!int 1.5` is an error, `!!float 1`
  a number, `!!binary` a base64 text decoded, `!!timestamp` checked and kept as text, a custom
  `!foo` tag ignored (a scalar is its text);
- plain scalars are typed by go-yaml v2's rules, as kubectl reads them (`codegen.goyaml_scalars`:
  `y`/`n` are booleans, `1e3` a number, `0o17` an integer, `1:30` a string), and a whole number
  written as a float (`1.0`, `1e3`) is the integer kubectl's JSON carries; `2024-01-01` stays a
  string (no `datetime`), as in JSON, and so does a bare `=`;
- a document whose aliases expand past a node budget is rejected (alias bombs), and so is one
  nested deeper than MAX_DEPTH (it would exhaust the recursion of every later stage);
- what JSON cannot carry is rejected with its line: NaN and infinities, null or composite
  mapping keys; int, float and bool keys become strings, as sigs.k8s.io/yaml converts them
  (so `1:` and `"1":` are one key; a float key is written as a float32: `1e6:` is "1e+06").
"""

from __future__ import annotations

import base64
import binascii
import codecs
import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from codegen import goyaml_scalars
from codegen.runtime.scalars import INT64_MAX, sent_number

try:  # the C parser is ~10x faster on multi-megabyte CRDs
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_EXPANDED_NODES = 5_000_000
MAX_DEPTH = 200  # nesting of JSON values; real CRDs stay under 60


class YamlError(Exception):
    """A document that cannot be decoded; carries line and column (1-based) when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}")


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SCALAR_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.MappingNode


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's C parser with strict construction (see `_fast_construct` for the fast path)."""

    def __init__(self, stream: str, before: int = 0) -> None:
        super().__init__(stream)
        self._resolved: dict[str, str] = {}
        self.duplicates: list[str] = []  # of the document being read (see `Document.notes`)
        self._before = before  # lines of the stream before this piece, for the notes' texts

    # The composer calls these two around every node, for path resolvers; none are registered
    # (BaseResolver's versions return at once). Builtins that accept the same arguments and
    # do nothing observable (`slice(parent, index)`, `tuple()`) save two Python calls a node.
    descend_resolver = slice
    ascend_resolver = tuple

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        # The composer asks for the tag of every node. No path resolvers are registered, so a
        # plain scalar's tag depends on its text alone (each distinct text is resolved once)
        # and every other node gets its kind's default tag, as BaseResolver.resolve answers.
        if kind is _SCALAR_NODE:
            if implicit[0]:
                tag = self._resolved.get(value)
                if tag is None:
                    tag = self._resolved[value] = goyaml_scalars.tag_of(value)
                return tag
            return _STR_TAG
        return _MAP_TAG if kind is _MAPPING_NODE else _SEQ_TAG

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(
                f"expected a mapping, found {node.id}",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        mapping: dict[str, Any] = {}
        self._set_entries(mapping, node, deep)
        return mapping

    def _set_entries(self, mapping: dict[str, Any], node: yaml.MappingNode, deep: bool) -> None:
        """go-yaml v2's `mapping` into an existing map: entries in document order, a merge key
        (`<<`, plain) setting the merged mappings' entries where it stands (so over the keys
        before it, under those after it; of a list of mappings, the first wins)."""
        lines: dict[str, int] = {}  # the mapping's own keys (merged ones may repeat them)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG and isinstance(key_node, yaml.ScalarNode):
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in reversed(sources):
                    if not isinstance(source, yaml.MappingNode):
                        raise YamlError(
                            "map merge requires map or sequence of maps as the value",
                            source.start_mark.line + 1,
                            source.start_mark.column + 1,
                        )
                    self._set_entries(mapping, source, deep)
                continue
            if key_node.tag == goyaml_scalars.FLOAT and isinstance(key_node, yaml.ScalarNode):
                key = _float_key(self, key_node)
            else:
                key = _json_key(self.construct_object(key_node, deep=True), key_node)
            # A key given twice: go-yaml (not strict, as kubectl reads a manifest) keeps the
            # last value, and what reaches the server has the key once. Noted, not refused.
            line = key_node.start_mark.line + 1 + self._before
            if key in lines:
                self.duplicates.append(
                    f'line {line}: duplicate key "{key}" (first at line {lines[key]}): its last '
                    "value is used, as kubectl reads the file"
                )
            lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)


def _json_key(key: Any, node: yaml.Node) -> str:
    """A mapping key as JSON sees it: strings stay, numbers and booleans become strings."""
    text = _json_text(key)
    if isinstance(key, int) and not isinstance(key, bool) and text is None:
        raise _located(  # sigs.k8s.io/yaml's convertToJSONableObject takes no uint64 key
            node,
            f"error converting YAML to JSON: unsupported map key of type: uint64, key: {key:#x}",
        )
    if text is None:
        raise YamlError(
            f"mapping key {key!r} is not a string, number or boolean",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    return text


def _json_text(key: Any) -> str | None:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int) and key <= INT64_MAX:  # past int64: go-yaml's uint64, no JSON key
        return str(key)
    return None


def _located(node: yaml.Node, message: str) -> YamlError:
    return YamlError(message, node.start_mark.line + 1, node.start_mark.column + 1)


def _checked_tag(node: yaml.Node) -> None:
    """Refuse a scalar its (explicit) tag cannot have, as go-yaml does; a plain scalar's own
    tag, which the resolver gave it, always passes."""
    try:
        goyaml_scalars.tagged_kind(node.tag, node.value)
    except goyaml_scalars.TagError as exc:
        raise _located(node, str(exc)) from None


def _go_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    _checked_tag(node)
    value = goyaml_scalars.go_int(node.value)
    assert value is not None  # the tag was checked
    return value


def _go_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    _checked_tag(node)
    return goyaml_scalars.BOOLS[node.value]


def _go_null(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> None:
    _checked_tag(node)


def _go_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """go-yaml checks the text as a time, then hands an untyped value the text itself."""
    _checked_tag(node)
    return str(node.value)


def _go_binary(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Base64 (Go's StdEncoding: line breaks skipped) decoded to a Go string, whose invalid
    UTF-8 bytes JSON then writes as U+FFFD each."""
    try:
        data = base64.b64decode(re.sub(r"[\r\n]", "", str(node.value)), validate=True)
    except (binascii.Error, ValueError):
        raise _located(node, "!!binary value contains invalid base64 data") from None
    return go_string(data)


def manifest_text(data: bytes) -> str:
    """A manifest's bytes as kubectl's file reader decodes them (x/text's BOMOverride over a
    UTF-8 decoder): a UTF-8 byte order mark dropped, UTF-16 with its mark decoded, and each
    byte of invalid UTF-8 read as U+FFFD."""
    if data.startswith(codecs.BOM_UTF8):
        return go_string(data[len(codecs.BOM_UTF8) :])
    for mark, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark):
            return data[len(mark) :].decode(codec, "replace")
    return go_string(data)


def go_string(data: bytes) -> str:
    """Bytes as Go's JSON encoder writes a string holding them: U+FFFD for each byte that is
    not part of valid UTF-8."""
    try:
        return data.decode("utf-8")  # nearly always: one pass in C
    except UnicodeDecodeError:
        text = data.decode("utf-8", "surrogateescape")
    return re.sub("[\udc80-\udcff]", "\ufffd", text)


def _untagged(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A node under a tag go-yaml does not resolve (a custom `!foo`, !!set, !!omap, ...): a
    scalar is its text, a mapping or sequence is read as if it had no tag."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return str(node.value)


def _float_key(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    _checked_tag(node)
    return goyaml_scalars.float_key(goyaml_scalars.float_value(node.value))


def _finite_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | int:
    _checked_tag(node)
    value = goyaml_scalars.float_value(node.value)
    if not math.isfinite(value):
        raise YamlError(
            f"{node.value!r} is not a JSON number (NaN and infinities cannot be represented)",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    # kubectl sends go-yaml's float64 as Go's JSON writes it: `1.0` is `1`, which the server
    # then reads as an integer
    return sent_number(value)


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _finite_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _go_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _go_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:null", _go_null)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _go_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:binary", _go_binary)
for _tag in ("set", "omap", "pairs", "merge", "value", "yaml"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _untagged)
_StrictLoader.add_constructor(None, _untagged)  # any other tag


def _drop_resolver(loader: type[yaml.SafeLoader], tag: str) -> None:
    resolvers = {
        first: [(t, regexp) for t, regexp in entries if t != tag]
        for first, entries in loader.yaml_implicit_resolvers.items()
    }
    loader.yaml_implicit_resolvers = resolvers


_drop_resolver(_StrictLoader, "tag:yaml.org,2002:timestamp")
_drop_resolver(_StrictLoader, "tag:yaml.org,2002:value")


class _Fallback(Exception):
    """The fast construction met something it leaves to PyYAML's construction."""


def _fast_construct(loader: _StrictLoader, root: yaml.Node) -> tuple[Any, int, int]:
    """(value, nodes, depth) of a document, as `construct_document` + `_expanded_size` give.

    Builds plain documents directly, several times faster than PyYAML's generator-based
    construction. Raises `_Fallback` on anything else: an anchor used twice (aliases, bombs,
    recursion), a tag other than str/int/float/bool/null/map/seq (merge keys, !!binary, custom
    tags), a composite or duplicate key, nesting past MAX_DEPTH, or any error; the caller then
    constructs the document the exact (slow) way, which decides values and error messages.
    """
    scalars = {
        tag: constructor
        for tag, constructor in loader.yaml_constructors.items()
        if tag
        in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
        )
    }
    seen: set[int] = set()  # collections built: one met again is an alias
    count = 0
    deepest = 0
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    str_tag = _STR_TAG

    def scalar(node: yaml.Node) -> Any:  # a scalar that is not a string
        constructor = scalars.get(node.tag)
        if constructor is None:
            raise _Fallback
        return constructor(loader, node)

    # Scalars are read where they occur (no call, no alias check: an aliased scalar is the
    # same value wherever it is used, counted once per use, as the exact way counts it).
    def build(node: yaml.Node, depth: int) -> Any:
        nonlocal count, deepest
        key = id(node)
        if key in seen or depth > MAX_DEPTH:
            raise _Fallback
        seen.add(key)
        count += 1
        if depth > deepest:
            deepest = depth
        items = node.value
        kind = node.__class__
        if items:
            depth += 1  # the children's
            if depth > MAX_DEPTH:
                raise _Fallback
            if depth > deepest:
                deepest = depth
        if kind is mapping_node:
            if node.tag != _MAP_TAG:
                raise _Fallback
            mapping: dict[str, Any] = {}
            for key_node, value_node in items:
                if key_node.__class__ is not scalar_node:
                    raise _Fallback
                if key_node.tag == str_tag:
                    name = key_node.value
                elif key_node.tag == goyaml_scalars.FLOAT:
                    name = _float_key(loader, key_node)
                else:
                    name = _json_key(scalar(key_node), key_node)
                if name in mapping:
                    raise _Fallback
                if value_node.__class__ is scalar_node:
                    count += 1
                    if value_node.tag == str_tag:
                        mapping[name] = value_node.value
                    else:
                        mapping[name] = scalar(value_node)
                else:
                    mapping[name] = build(value_node, depth)
            return mapping
        if kind is sequence_node:
            if node.tag != _SEQ_TAG:
                raise _Fallback
            sequence: list[Any] = []
            for item in items:
                if item.__class__ is scalar_node:
                    count += 1
                    sequence.append(item.value if item.tag == str_tag else scalar(item))
                else:
                    sequence.append(build(item, depth))
            return sequence
        raise _Fallback

    if root.__class__ is scalar_node:  # a document that is one scalar
        try:
            return (root.value if root.tag == str_tag else scalar(root)), 1, 1
        except _Fallback:
            raise
        except Exception:
            raise _Fallback from None
    try:
        value = build(root, 1)
    except _Fallback:
        raise
    except Exception:  # the exact construction reports it (or decides it is fine)
        raise _Fallback from None
    return value, count, deepest


_PLAIN_SCALARS = (
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
)


def _read_events(
    loader: _StrictLoader, plain: dict[str, Any], slashes: str | None = None
) -> tuple[int, Any] | None:
    """The next document's (first line, value) built straight from the parser's events, or
    None at the end of the stream: what `_read_document` gives, ~1.5x faster on big CRDs.

    Composing a node tree first costs more than building the values from the events (a node
    object and a resolver call per value). Only plain documents are read this way: on an
    anchor, alias or tag, a composite or duplicate key, nesting past MAX_DEPTH or any error,
    raises `_Fallback` (the document's events are then consumed: the caller reads it again
    with a fresh loader, the exact way). `plain` caches the value of each plain scalar text.
    `slashes`: the text read, when it holds a `\\/` (see `_refuse_slash_escape`).
    """
    get = loader.get_event
    scalar_event, mapping_end, sequence_end = ScalarEvent, MappingEndEvent, SequenceEndEvent
    count = 1  # the root; each collection adds its children (no alias: each node is used once)

    def scalar(event: Any) -> Any:
        if event.anchor is not None or event.tag is not None:
            raise _Fallback
        text = event.value
        if not event.implicit[0]:  # quoted: a string
            if slashes is not None and event.style == '"':
                _slash_escape_in(slashes, event.start_mark, event.end_mark)
            return text
        value = plain.get(text, plain)
        if value is plain:  # first seen: resolve and construct it as the composer would
            tag = loader.resolve(_SCALAR_NODE, text, (True, False))
            if tag == _STR_TAG:
                value = text
            elif tag in _PLAIN_SCALARS:
                value = loader.yaml_constructors[tag](loader, _SCALAR_NODE(tag, text))
            else:
                raise _Fallback
            plain[text] = value
        return value

    def key(event: Any) -> str:
        """A mapping key that is not a plain string seen before (`build` reads those itself)."""
        name: str | None = scalar(event)
        if name.__class__ is not str:  # a plain number or boolean
            text = event.value
            if goyaml_scalars.tag_of(text) == goyaml_scalars.FLOAT:
                name = goyaml_scalars.float_key(goyaml_scalars.float_value(text))
            else:
                name = _json_text(name)
        if name is None:
            raise _Fallback  # a null key: the exact way
        return name

    # The common case of each scalar (plain and seen before, or quoted) is read in the loops
    # themselves: a call per scalar is a fifth of the time on a big CRD.
    def build(event: Any, depth: int) -> Any:
        nonlocal count
        if event.anchor is not None or event.tag is not None or depth > MAX_DEPTH:
            raise _Fallback
        collection: Any
        if event.__class__ is MappingStartEvent:
            collection = {}
            event = get()
            while event.__class__ is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                if event.implicit[0]:
                    name = plain.get(event.value, plain)
                    if name.__class__ is not str:
                        name = key(event)
                elif slashes is None or event.style != '"':
                    name = event.value
                else:
                    name = key(event)
                if name in collection:
                    raise _Fallback  # a key given twice: the exact way
                event = get()
                if event.__class__ is not scalar_event:
                    collection[name] = build(event, depth + 1)
                elif event.anchor is not None or event.tag is not None:
                    raise _Fallback
                elif event.implicit[0]:
                    value = plain.get(event.value, plain)
                    collection[name] = value if value is not plain else scalar(event)
                elif slashes is None or event.style != '"':
                    collection[name] = event.value
                else:
                    collection[name] = scalar(event)
                event = get()
            if event.__class__ is not mapping_end:  # a composite key
                raise _Fallback
        elif event.__class__ is SequenceStartEvent:
            collection = []
            append = collection.append
            event = get()
            while event.__class__ is not sequence_end:
                if event.__class__ is scalar_event:
                    append(scalar(event))
                else:
                    append(build(event, depth + 1))
                event = get()
        else:  # an alias
            raise _Fallback
        if collection:
            if depth == MAX_DEPTH:  # its children are nested too deep
                raise _Fallback
            count += len(collection)
        return collection

    try:
        event = get()
        if event.__class__ is StreamStartEvent:
            event = get()
        if event.__class__ is StreamEndEvent:
            return None
        root = get()
        start = root.start_mark.line + 1
        value = scalar(root) if root.__class__ is scalar_event else build(root, 1)
        if get().__class__ is not DocumentEndEvent:
            raise _Fallback
    except _Fallback:
        raise
    except Exception:  # the exact way reports it (or decides it is fine)
        raise _Fallback from None
    if count > MAX_EXPANDED_NODES:
        raise YamlError(f"document expands to more than {MAX_EXPANDED_NODES} nodes", start, 1)
    return start, value


def _construct(loader: _StrictLoader, node: yaml.Node) -> tuple[Any, int, int]:
    try:
        return _fast_construct(loader, node)
    except _Fallback:
        pass
    value = loader.construct_document(node)
    size, depth = _expanded_size(value)
    return value, size, depth


@dataclass(frozen=True)
class Document:
    index: int
    line: int
    value: Any
    notes: tuple[str, ...] = ()  # what kubectl takes silently but is most likely a mistake


def _expanded_size(value: Any) -> tuple[int, int]:
    """(nodes, depth) of `value` as JSON would expand it, aliases counted at each use.

    Aliased objects are measured once (memoized by identity), so an alias bomb is measured in
    time proportional to its text, not to its expansion. Raises YamlError on a recursive alias.
    """
    measured: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        item, finished = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        key = id(item)
        children = list(item.values()) if isinstance(item, dict) else item
        if finished:
            size, depth = 1, 1
            for child in children:
                child_size, child_depth = measured.get(id(child), (1, 1))
                size, depth = size + child_size, max(depth, child_depth + 1)
            measured[key] = (size, depth)
            in_progress.discard(key)
            continue
        if key in measured:
            continue
        in_progress.add(key)
        stack.append((item, True))
        for child in children:
            if id(child) in in_progress:
                raise YamlError("an alias refers to a node that contains it (infinite document)")
            if isinstance(child, (dict, list)) and id(child) not in measured:
                stack.append((child, False))
    return measured.get(id(value), (1, 1))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a block with the cyclic garbage collector off (restored after, even on error).

    Building a big tree allocates hundreds of thousands of objects and no garbage cycles;
    each automatic collection would walk everything built so far, which makes composing a
    multi-megabyte CRD several times slower than the work itself.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_document(loader: _StrictLoader) -> tuple[int, Any] | None:
    """The next document's (first line, value), or None at the end of the stream."""
    if not loader.check_node():
        return None
    node = loader.get_node()
    start = node.start_mark.line + 1 if node is not None else 1
    try:
        value, size, depth = _construct(loader, node) if node is not None else (None, 1, 1)
    except YamlError as exc:
        if exc.line is not None:  # raised while constructing: already located
            raise
        raise YamlError(exc.message, start, 1) from None
    if size > MAX_EXPANDED_NODES:
        raise YamlError(f"document expands to more than {MAX_EXPANDED_NODES} nodes", start, 1)
    if depth > MAX_DEPTH:
        raise YamlError(f"document is nested deeper than {MAX_DEPTH} levels", start, 1)
    return start, value


# A line that starts a new piece of the stream, as apimachinery's YAMLReader reads lines (a
# trailing "\r" is dropped with the line break).
_SEPARATOR = re.compile(r"^---([^\n]*?)\r?$", re.MULTILINE)


def kubectl_pieces(text: str) -> Iterator[tuple[int, str]]:
    """(lines before it, text) of each piece kubectl cuts a YAML stream into: apimachinery's
    YAMLReader ends a piece at a line starting with `---`, which may be followed by spaces and a
    comment only. A separator that starts a piece stays in it; one that ends a piece is dropped,
    so a run of separators makes no empty piece."""
    start = 0  # of the piece being read
    lines, counted = 0, 0  # line breaks in text[:counted], counted once each

    def lines_before(offset: int) -> int:
        nonlocal lines, counted
        lines += text.count("\n", counted, offset)
        counted = offset
        return lines

    for match in _SEPARATOR.finditer(text):
        rest = match.group(1).strip()
        if rest and not rest.startswith("#"):
            line = lines_before(match.start()) + 1
            raise YamlError(f"invalid Yaml document separator: {rest}", line, 1)
        if match.start() > start:
            yield lines_before(start), text[start : match.start()]
            start = min(match.end() + 1, len(text))
    if start < len(text):
        yield lines_before(start), text[start:]


def load_documents(text: str) -> Iterator[Document]:
    """Yield every document of a YAML stream as kubectl reads it (empty ones too, value None):
    the stream cut into pieces at its `---` lines (`kubectl_pieces`), and go-yaml reading the
    first document of each piece (anything after a `...` in it is never looked at)."""
    plain: dict[str, Any] = {}  # plain scalar texts' values, shared by the pieces
    for index, (before, piece) in enumerate(kubectl_pieces(text)):
        try:
            line, value, notes = _first_document(piece, before, plain)
        except YamlError as exc:
            if exc.line is None:
                raise
            raise YamlError(exc.message, exc.line + before, exc.column) from None
        yield Document(index=index, line=line + before, value=value, notes=notes)


def _first_document(
    piece: str, before: int, plain: dict[str, Any]
) -> tuple[int, Any, tuple[str, ...]]:
    """(first line, value, notes) of the first document of one piece; lines count from the
    piece's start, except in the notes' texts (`before` lines precede the piece)."""
    if "%YAML" in piece:
        _refuse_other_yaml_version(piece)
    slashes = piece if "\\/" in piece else None  # go-yaml refuses a `\/` escape
    loader = _StrictLoader(piece, before)
    try:
        with gc_paused():
            try:
                read = _read_events(loader, plain, slashes)
            except _Fallback:
                loader.dispose()
                if slashes is not None:
                    _refuse_slash_escape(piece)
                loader = _StrictLoader(piece, before)
                read = _read_document(loader)
        if read is None:
            return 1, None, ()
        return read[0], read[1], tuple(loader.duplicates)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from None
    finally:
        loader.dispose()


# An escaped `/` (a backslash after an even number of them): YAML 1.2's, which libyaml reads.
_SLASH_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\/")


def _refuse_slash_escape(piece: str) -> None:
    """go-yaml v2 knows no `\\/` escape in a double-quoted scalar (found unknown escape
    character); PyYAML's libyaml reads it as `/`. Only the piece's first document counts."""
    documents = 0
    try:
        for token in yaml.scan(piece, Loader=_BaseLoader):
            if isinstance(token, (yaml.DocumentStartToken, yaml.DocumentEndToken)):
                documents += 1
                if documents > 1 or isinstance(token, yaml.DocumentEndToken):
                    return
            if isinstance(token, yaml.ScalarToken) and token.style == '"':
                _slash_escape_in(piece, token.start_mark, token.end_mark)
    except yaml.YAMLError:
        return  # a syntax error: the parse reports it


def _refuse_other_yaml_version(piece: str) -> None:
    """go-yaml v2 reads only YAML 1.1: a `%YAML` directive of another version is "found
    incompatible YAML document" (PyYAML's libyaml takes 1.2 too)."""
    loader = _StrictLoader(piece)
    get = loader.get_event
    try:
        event = get()
        while event is not None and not isinstance(event, (DocumentStartEvent, StreamEndEvent)):
            event = get()
        if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 1)):
            mark = event.start_mark
            raise YamlError("found incompatible YAML document", mark.line + 1 if mark else None, 1)
    except yaml.YAMLError:
        return  # a syntax error: the parse reports it
    finally:
        loader.dispose()


def _slash_escape_in(text: str, start: Any, end: Any) -> None:
    """Refuse a `\\/` escape in the double-quoted scalar between the two marks."""
    found = _SLASH_ESCAPE.search(text, start.index, end.index)
    if found is not None:
        at = found.end() - 2  # the escape's backslash
        line = start.line + 1 + text.count("\n", start.index, at)
        column = at - text.rfind("\n", 0, at)
        raise YamlError("found unknown escape character", line, column)


def _yaml_error(exc: yaml.MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
    if mark is None:
        return YamlError(message)
    return YamlError(message, mark.line + 1, mark.column + 1)


class _KubectlSafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every string kubectl would read as something else."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if goyaml_scalars.tag_of(value) != goyaml_scalars.STR:
        # `y`, `1e3`, `0o17`, `09`: PyYAML would write them plain (they are strings to it)
        return dumper.represent_scalar(_STR_TAG, value, style="'")
    return dumper.represent_str(value)


_KubectlSafeDumper.add_representer(str, _represent_str)


def dump(value: Any, **options: Any) -> str:
    """`yaml.safe_dump`, with the strings kubectl would retype (see `goyaml_scalars`) quoted:
    what `load_documents` and kubectl read back is `value`."""
    return str(yaml.dump(value, Dumper=_KubectlSafeDumper, **options))
