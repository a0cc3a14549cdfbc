"""Schema ratcheting on update: errors inside values unchanged from the old object are dropped
(CRDValidationRatcheting, default since Kubernetes 1.30); changed values are checked as ever."""

from __future__ import annotations

from typing import Any

from codegen.runtime import SchemaValidator

SHORT = {"type": "string", "minLength": 3}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": SHORT,
        "tier": {"type": "string", "default": "ab"},  # a default that is itself too short
        "byKey": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["id"],
            "items": {"type": "object", "properties": {"id": {"type": "string"}, "v": SHORT}},
        },
        "atomic": {"type": "array", "x-kubernetes-list-type": "atomic", "items": SHORT},
        "plain": {"type": "array", "items": SHORT},  # no list type: items correlate by index
        "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": SHORT},
        "labels": {"type": "object", "additionalProperties": SHORT},
    },
}
SCHEMA["properties"]["tier"]["minLength"] = 3


def _errors(new: Any, old: Any = None) -> list[str]:
    validator = SchemaValidator(SCHEMA, root=False)
    if old is None:
        result = validator.validate(new, path_prefix="spec")
    else:
        result = validator.validate(new, path_prefix="spec", old=old)
    return [str(e) for e in result.errors]


def test_an_unchanged_invalid_value_is_let_through_and_a_changed_one_is_not() -> None:
    old = {"name": "ab", "tier": "xyz"}
    assert _errors({"name": "ab", "tier": "xyz"}) != []  # a create checks everything
    assert _errors({"name": "ab", "tier": "xyz"}, old) == []
    assert _errors({"name": "cd", "tier": "xyz"}, old) != []


def test_the_old_object_is_compared_as_stored_with_its_defaults() -> None:
    # tier's default is itself invalid; the stored old object has it too
    assert _errors({"name": "abc"}, {"name": "abc"}) == []
    assert any("tier" in e for e in _errors({"name": "abc"}))


def test_map_list_items_correlate_by_key_and_set_items_not_at_all() -> None:
    # validation/ratcheting.go: a map list's items by their keys; a set's are not correlated
    old = {"name": "abc", "tier": "xyz", "byKey": [{"id": "a", "v": "x"}], "tags": ["t"]}
    moved = {
        "name": "abc",
        "tier": "xyz",
        "byKey": [{"id": "b", "v": "long"}, {"id": "a", "v": "x"}],  # reordered, one added
        "tags": ["t"],
    }
    assert _errors(moved, old) == []
    moved["byKey"][1]["v"] = "y"
    assert [e.split(":")[0] for e in _errors(moved, old)] == ["spec.byKey[1].v"]
    grown = {**old, "tags": ["new", "t"]}  # the set changed: its old item is checked again
    assert [e.split(":")[0] for e in _errors(grown, old)] == ["spec.tags[1]"]


def test_atomic_list_items_ratchet_only_with_the_whole_list() -> None:
    old = {"name": "abc", "tier": "xyz", "atomic": ["x", "long"]}
    assert _errors({**old, "labels": {"k": "value"}}, old) == []
    changed = _errors({**old, "atomic": ["x", "longer"]}, old)
    assert [e.split(":")[0] for e in changed] == ["spec.atomic[0]"]


def test_items_of_a_list_without_list_type_are_not_correlated() -> None:
    # CorrelatedObject: "" falls through to atomic (the by-index reading was 1.28's)
    old = {"name": "abc", "tier": "xyz", "plain": ["x", "long"]}
    assert _errors(dict(old), old) == []  # the whole list unchanged
    changed = _errors({**old, "plain": ["x", "longer"]}, old)
    assert [e.split(":")[0] for e in changed] == ["spec.plain[0]"]


def test_map_values_and_new_required_fields_ratchet_on_their_object() -> None:
    old = {"tier": "xyz", "labels": {"a": "x", "b": "long"}}
    assert _errors({"tier": "xyz", "labels": {"a": "x", "b": "longer"}}, old) == [
        "spec.name: Required value"
    ]
    assert _errors(dict(old), old) == []  # required name: missing before too


def test_list_type_errors_ratchet_on_the_whole_object() -> None:
    # strategy.go: the new object's set/map errors count only if the old object has none at all
    valid_old = {"name": "abc", "tier": "xyz", "tags": ["one", "two"]}
    duplicated = {**valid_old, "tags": ["one", "one"]}
    assert [e.split(":")[0] for e in _errors(duplicated, valid_old)] == ["spec.tags[1]"]
    old_with_duplicates = {**valid_old, "byKey": [{"id": "a"}, {"id": "a"}]}
    # a duplicate elsewhere in the old object lets this one through, and itself stays
    assert _errors({**old_with_duplicates, "tags": ["one", "one"]}, old_with_duplicates) == []
    assert _errors({**old_with_duplicates, "tags": ["one", "one"]}) != []  # a create checks


def test_a_combinator_error_ratchets_with_its_node() -> None:
    # helm-controller's `set`: int-or-string map values (anyOf); the composite error is printed
    # without a path, but ratchetingValueValidator drops it with the node's unchanged value
    schema = {
        "type": "object",
        "properties": {
            "set": {
                "type": "object",
                "additionalProperties": {
                    "x-kubernetes-int-or-string": True,
                    "anyOf": [{"type": "integer"}, {"type": "string"}],
                },
            }
        },
    }
    validator = SchemaValidator(schema, root=False)

    def errors(new: Any, old: Any) -> list[str]:
        result = validator.validate(new, path_prefix="spec", old=old)
        return [str(e) for e in result.errors]

    old = {"set": {"a": True}}
    assert errors({"set": {"a": True, "b": 1}}, old) == []
    changed = errors({"set": {"a": False, "b": 1}}, old)
    assert any("must validate at least one schema (anyOf)" in e for e in changed)
