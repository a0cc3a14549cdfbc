"""CRDs the API server refuses on create for what their spec says beyond the schemas
(apiextensions validation.go: metadata, group, scope, names, versions, subresources, printer
columns, selectable fields, conversion, preserveUnknownFields): each is refused with the
server's path and message, and the forms it accepts still load."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from codegen.load import LoadError, load_crds
from tests.helpers import crd, write_crds

STR = {"type": "string"}
V0 = "spec.versions[0]"
DNS1035 = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
# with one version (or all alike), the server checks these at the spec (v1's conversion
# moves them there)
COLUMN = "spec.additionalPrinterColumns[0]"
SCALE = "spec.subresources.scale"
FIELD = "spec.selectableFields[0].jsonPath"
HOOK = "spec.conversion.webhookClientConfig"
URL_FORM = "; desired format: https://host[/path]"
ROOT_FIELDS = (
    "Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength "
    "MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties "
    "ExternalDocs Example XPreserveUnknownFields XValidations"
)

Document = dict[str, Any]


def base() -> Document:
    """A valid Widget CRD: status and scale subresources, a printer column, a selectable field."""
    spec = {
        "type": "object",
        "properties": {
            "color": STR,
            "replicas": {"type": "integer"},
            "paused": {"type": "boolean"},
            "tags": {"type": "object", "additionalProperties": STR},
        },
    }
    document = crd(spec, status=True)
    version = document["spec"]["versions"][0]
    version["subresources"]["scale"] = {
        "specReplicasPath": ".spec.replicas",
        "statusReplicasPath": ".status.replicas",
    }
    version["additionalPrinterColumns"] = [
        {"name": "Color", "type": "string", "jsonPath": ".spec.color"}
    ]
    version["selectableFields"] = [{"jsonPath": ".spec.color"}]
    return document


def second_version(document: Document, **fields: Any) -> None:
    version = copy.deepcopy(document["spec"]["versions"][0])
    version.update({"name": "v2", "storage": False, **fields})
    document["spec"]["versions"].append(version)


def regroup(group: str) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["spec"]["group"] = group
        document["metadata"]["name"] = f"widgets.{group}"

    return change


def replural(plural: str) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["spec"]["names"]["plural"] = plural
        document["metadata"]["name"] = f"{plural}.example.com"

    return change


def names(**changes: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        for key, value in changes.items():
            if value is None:
                del document["spec"]["names"][key]
            else:
                document["spec"]["names"][key] = value

    return change


def version(**changes: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["spec"]["versions"][0].update(changes)

    return change


def nested(*keys: str, value: Any) -> Callable[[Document], None]:
    """Set (or, with value None, delete) document[keys...]."""

    def change(document: Document) -> None:
        node = document
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
        if value is None:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value

    return change


def column(**changes: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        entry = document["spec"]["versions"][0]["additionalPrinterColumns"][0]
        entry.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del entry[key]

    return change


def selectable(*paths: str) -> Callable[[Document], None]:
    return version(selectableFields=[{"jsonPath": p} for p in paths])


def conversion(value: Any, *, preserve: bool = False) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["spec"]["conversion"] = value
        if preserve:
            document["spec"]["preserveUnknownFields"] = True

    return change


def webhook(client: Any = None, versions: Any = ("v1",)) -> dict[str, Any]:
    hook: dict[str, Any] = {"conversionReviewVersions": list(versions)}
    if client is not None:
        hook["clientConfig"] = client
    return {"strategy": "Webhook", "webhook": hook}


def service(**fields: Any) -> dict[str, Any]:
    return {"service": {"name": "conv", "namespace": "system", **fields}}


def two_storage_versions(document: Document) -> None:
    second_version(document, storage=True)


def duplicate_versions(document: Document) -> None:
    second_version(document, name="v1")


def root_max_properties(document: Document) -> None:
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["maxProperties"] = 5


def metadata_field(document: Document) -> None:
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["metadata"] = {"type": "object", "properties": {"name": STR}}
    document["spec"]["versions"][0]["selectableFields"] = [{"jsonPath": ".metadata.name"}]


def nine_fields(document: Document) -> None:
    spec = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    spec["properties"].update({f"f{i}": STR for i in range(9)})
    document["spec"]["versions"][0]["selectableFields"] = [
        {"jsonPath": f".spec.f{i}"} for i in range(9)
    ]


def defaults_with_preserve(document: Document) -> None:
    spec = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    spec["properties"]["color"] = {"type": "string", "default": "red"}
    document["spec"]["preserveUnknownFields"] = True


NOT_WEBHOOK = "Forbidden: should not be set when strategy is not set to Webhook"
TYPES = "must be one of boolean,date,integer,number,string"
NAME_MISMATCH = 'must be spec.names.plural+"."+spec.group'

CASES: dict[str, tuple[Callable[[Document], None], list[str]]] = {
    # metadata and group
    "name is not plural.group": (
        nested("metadata", "name", value="gadgets.example.com"),
        [f'metadata.name: Invalid value: "gadgets.example.com": {NAME_MISMATCH}'],
    ),
    "no name": (
        nested("metadata", "name", value=None),
        ["metadata.name: Required value: name or generateName is required"],
    ),
    "group without a dot": (
        regroup("example"),
        ['spec.group: Invalid value: "example": should be a domain with at least one dot'],
    ),
    "group that is no DNS subdomain": (
        regroup("example_com"),
        [
            f'metadata.name: Invalid value: "widgets.example_com": {SUBDOMAIN}',
            f'spec.group: Invalid value: "example_com": {SUBDOMAIN}',
        ],
    ),
    "no group": (
        nested("spec", "group", value=None),
        [
            f'metadata.name: Invalid value: "widgets.example.com": {NAME_MISMATCH}',
            "spec.group: Required value",
        ],
    ),
    # scope
    "no scope": (nested("spec", "scope", value=None), ["spec.scope: Required value"]),
    "unknown scope": (
        nested("spec", "scope", value="Global"),
        ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    ),
    # names
    "no kind": (names(kind=None), ["spec.names.kind: Required value"]),
    "no plural": (
        names(plural=None),
        [
            f'metadata.name: Invalid value: "widgets.example.com": {NAME_MISMATCH}',
            "spec.names.plural: Required value",
        ],
    ),
    "plural with a dot": (
        replural("widgets.v1"),
        [f'spec.names.plural: Invalid value: "widgets.v1": {DNS1035}'],
    ),
    "upper-case singular": (
        names(singular="Widget"),
        [f'spec.names.singular: Invalid value: "Widget": {DNS1035}'],
    ),
    "kind with an underscore": (
        names(kind="Wid_get"),
        [
            'spec.names.kind: Invalid value: "Wid_get": may have mixed case, but should otherwise '
            f"match: {DNS1035}"
        ],
    ),
    "listKind equal to kind": (
        names(listKind="Widget"),
        ['spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same'],
    ),
    "upper-case short name": (
        names(shortNames=["w", "W2"]),
        [f'spec.names.shortNames[1]: Invalid value: "W2": {DNS1035}'],
    ),
    "category with an underscore": (
        names(categories=["all", "my_things"]),
        [f'spec.names.categories[1]: Invalid value: "my_things": {DNS1035}'],
    ),
    "too long plural": (
        replural("w" * 64),
        [f'spec.names.plural: Invalid value: "{"w" * 64}": must be no more than 63 characters'],
    ),
    # versions
    "upper-case version name": (
        version(name="V1"),
        [
            f'{V0}.name: Invalid value: "V1": {DNS1035}',
            f'spec.version: Invalid value: "V1": {DNS1035}',
        ],
    ),
    "two versions of one name": (
        duplicate_versions,
        ["spec.versions: Invalid value: must contain unique version names"],
    ),
    "no storage version": (
        version(storage=False),
        [
            "spec.versions: Invalid value: must have exactly one version marked as storage version",
            "status.storedVersions: Invalid value: []string(nil): must have at least one stored "
            "version",
        ],
    ),
    "two storage versions": (
        two_storage_versions,
        [
            "spec.versions: Invalid value: must have exactly one version marked as storage version",
            'status.storedVersions: Invalid value: []string{"v1"}: must have the storage version v2',
        ],
    ),
    "deprecation warning of a current version": (
        version(deprecationWarning="old"),
        [f'{V0}.deprecationWarning: Invalid value: "old": can only be set for deprecated versions'],
    ),
    "empty deprecation warning": (
        version(deprecated=True, deprecationWarning=""),
        [f'{V0}.deprecationWarning: Invalid value: "": must not be an empty string'],
    ),
    "long deprecation warning": (
        version(deprecated=True, deprecationWarning="x" * 257),
        [f'{V0}.deprecationWarning: Invalid value: "{"x" * 257}": must be <= 256 characters long'],
    ),
    "tab in a deprecation warning": (
        version(deprecated=True, deprecationWarning="use\tv2"),
        [
            f'{V0}.deprecationWarning: Invalid value: "use\\tv2": must only contain printable '
            "UTF-8 characters; non-printable character found at index 3"
        ],
    ),
    "no-break space in a deprecation warning (byte index)": (
        version(deprecated=True, deprecationWarning="café\u00a0v2"),
        [
            f'{V0}.deprecationWarning: Invalid value: "café\\u00a0v2": must only contain '
            "printable UTF-8 characters; non-printable character found at index 5"
        ],
    ),
    # subresources
    "spec replicas path without a dot": (
        nested(
            "spec", "versions", "0", "subresources", "scale", "specReplicasPath", value="spec.r"
        ),
        [
            f'{SCALE}.specReplicasPath: Invalid value: "spec.r": must be a simple json path starting with .'
        ],
    ),
    "spec replicas path outside spec": (
        nested("spec", "versions", "0", "subresources", "scale", "specReplicasPath", value=".spec"),
        [f'{SCALE}.specReplicasPath: Invalid value: ".spec": should be a json path under .spec'],
    ),
    "no status replicas path": (
        nested("spec", "versions", "0", "subresources", "scale", "statusReplicasPath", value=None),
        [f"{SCALE}.statusReplicasPath: Required value"],
    ),
    "status replicas path in spec": (
        nested(
            "spec", "versions", "0", "subresources", "scale", "statusReplicasPath", value=".spec.r"
        ),
        [
            f'{SCALE}.statusReplicasPath: Invalid value: ".spec.r": should be a json path under .status'
        ],
    ),
    "label selector path in metadata": (
        nested(
            "spec",
            "versions",
            "0",
            "subresources",
            "scale",
            "labelSelectorPath",
            value=".metadata.l",
        ),
        [
            f'{SCALE}.labelSelectorPath: Invalid value: ".metadata.l": should be a json path under '
            "either .spec or .status"
        ],
    ),
    "status subresource and a root maxProperties": (
        root_max_properties,
        [
            f"spec.validation.openAPIV3Schema: Invalid value: only [{ROOT_FIELDS}] fields are allowed "
            "at the root of the schema if the status subresource is enabled"
        ],
    ),
    # printer columns
    "column of an unknown type": (
        column(type="time"),
        [f'{COLUMN}.type: Invalid value: "time": {TYPES}'],
    ),
    "column without a type": (column(type=None), [f"{COLUMN}.type: Required value: {TYPES}"]),
    "column without a name": (column(name=None), [f"{COLUMN}.name: Required value"]),
    "column of an unknown format": (
        column(format="uuid"),
        [
            f'{COLUMN}.format: Invalid value: "uuid": must be one of '
            "byte,date,date-time,double,float,int32,int64,password"
        ],
    ),
    "column path without a dot": (
        column(jsonPath="spec.color"),
        [
            f'{COLUMN}.JSONPath: Invalid value: "spec.color": must be a simple json path starting with .'
        ],
    ),
    "column without a path": (column(jsonPath=None), [f"{COLUMN}.JSONPath: Required value"]),
    # selectable fields
    "selectable field that does not exist": (
        selectable(".spec.colour"),
        [
            f'{FIELD}: Invalid value: ".spec.colour": is an invalid path: does not refer to a valid field'
        ],
    ),
    "selectable field without a leading dot": (
        selectable("spec.color"),
        [
            f'{FIELD}: Invalid value: "spec.color": is an invalid path: expected [ or . but got: spec'
        ],
    ),
    "selectable field in array notation": (
        selectable(".spec['color']"),
        [
            f"{FIELD}: Invalid value: \".spec['color']\": is an invalid path: array notation is not allowed"
        ],
    ),
    "selectable field ending in a dot": (
        selectable(".spec."),
        [f'{FIELD}: Invalid value: ".spec.": is an invalid path: unexpected end of JSON path'],
    ),
    "selectable object": (
        selectable(".spec"),
        [
            f'{FIELD}: Invalid value: ".spec": must point to a field of type string, boolean or '
            "integer. Enum string fields and strings with formats are allowed."
        ],
    ),
    "selectable metadata field": (
        metadata_field,
        [f'{FIELD}: Invalid value: ".metadata.name": must not point to fields in metadata'],
    ),
    "selectable field twice": (
        selectable(".spec.color", ".spec.color"),
        ['spec.selectableFields[1].jsonPath: Duplicate value: ".spec.color"'],
    ),
    "selectable field without a path": (selectable(""), [f"{FIELD}: Required value"]),
    "nine selectable fields": (
        nine_fields,
        ["spec.selectableFields: Too many: 9: must have at most 8 items"],
    ),
    # conversion
    "unknown conversion strategy": (
        conversion({"strategy": "Magic"}),
        [
            'spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"'
        ],
    ),
    "conversion without a strategy": (conversion({}), ["spec.conversion.strategy: Required value"]),
    "webhook conversion without a webhook": (
        conversion({"strategy": "Webhook"}),
        [
            f"{HOOK}: Required value: required when strategy is set to Webhook",
            "spec.conversion.conversionReviewVersions: Required value",
        ],
    ),
    "webhook with neither url nor service": (
        conversion(webhook({})),
        [f"{HOOK}: Required value: exactly one of url or service is required"],
    ),
    "webhook with both url and service": (
        conversion(webhook({"url": "https://c.example.com", **service()})),
        [f"{HOOK}: Required value: exactly one of url or service is required"],
    ),
    "webhook over http with a query": (
        conversion(webhook({"url": "http://c.example.com/convert?x=1"})),
        [
            f"{HOOK}.url: Invalid value: \"http\": 'https' is the only allowed URL scheme{URL_FORM}",
            f'{HOOK}.url: Invalid value: "x=1": query parameters are not permitted in the URL',
        ],
    ),
    "webhook url with a user and a fragment": (
        conversion(webhook({"url": "https://me@c.example.com/convert#top"})),
        [
            f'{HOOK}.url: Invalid value: "me": user information is not permitted in the URL',
            f'{HOOK}.url: Invalid value: "top": fragments are not permitted in the URL',
        ],
    ),
    "webhook url without a host": (
        conversion(webhook({"url": "https:///convert"})),
        [f'{HOOK}.url: Invalid value: "": host must be specified{URL_FORM}'],
    ),
    "webhook service without a namespace (reported as name, as 1.36 does)": (
        conversion(webhook({"service": {"name": "conv"}})),
        [f"{HOOK}.service.name: Required value"],
    ),
    "webhook service port 0": (
        conversion(webhook(service(port=0))),
        [
            f"{HOOK}.service.port: Invalid value: 0: port is not valid: must be between 1 and "
            "65535, inclusive"
        ],
    ),
    "webhook service path without a slash": (
        conversion(webhook(service(path="convert"))),
        [f"{HOOK}.service.path: Invalid value: \"convert\": must start with a '/'"],
    ),
    "webhook service path with an empty and an upper-case segment": (
        conversion(webhook(service(path="/a//Convert"))),
        [
            f'{HOOK}.service.path: Invalid value: "/a//Convert": segment[1] may not be empty',
            f'{HOOK}.service.path: Invalid value: "/a//Convert": segment[2]: {SUBDOMAIN}',
        ],
    ),
    "unknown conversion review version": (
        conversion(webhook(service(), versions=["v2"])),
        [
            'spec.conversion.conversionReviewVersions: Invalid value: []string{"v2"}: must include '
            "at least one of v1, v1beta1"
        ],
    ),
    "conversion review version twice": (
        conversion(webhook(service(), versions=["v1", "v1"])),
        ['spec.conversion.conversionReviewVersions[1]: Invalid value: "v1": duplicate version'],
    ),
    "webhook settings without the webhook strategy": (
        conversion({"strategy": "None", "webhook": webhook(service())["webhook"]}),
        [
            f"{HOOK}: {NOT_WEBHOOK}",
            f"spec.conversion.conversionReviewVersions: {NOT_WEBHOOK}",
        ],
    ),
    # preserveUnknownFields
    "preserveUnknownFields": (
        nested("spec", "preserveUnknownFields", value=True),
        [
            "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set "
            "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"
        ],
    ),
    "preserveUnknownFields with defaults": (
        defaults_with_preserve,
        [
            "spec.preserveUnknownFields: Invalid value: true: must be false in order to use "
            "defaults in the schema",
            "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set "
            "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead",
        ],
    ),
    "preserveUnknownFields with webhook conversion": (
        conversion(webhook(service()), preserve=True),
        [
            'spec.conversion.strategy: Invalid value: "Webhook": must be None if '
            "spec.preserveUnknownFields is true",
            "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set "
            "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead",
        ],
    ),
}


def _problems(tmp_path: Path, document: Document) -> list[str]:
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    return [str(p).split(": ", 1)[1] for p in exc.value.problems]


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_the_servers_path_and_message(tmp_path: Path, case: str) -> None:
    mutate, wanted = CASES[case]
    document = base()
    mutate(document)
    assert _problems(tmp_path, document) == wanted


def test_a_schema_shared_by_versions_is_checked_with_any_versions_status(tmp_path: Path) -> None:
    # The server validates a schema all versions share once, with the status subresource
    # enabled if any version enables it.
    document = base()
    root_max_properties(document)
    second_version(document)
    del document["spec"]["versions"][0]["subresources"]["status"]
    problems = _problems(tmp_path, document)
    assert [p.split(":", 1)[0] for p in problems] == ["spec.validation.openAPIV3Schema"]


def test_what_versions_do_not_share_is_checked_per_version(tmp_path: Path) -> None:
    document = base()
    second_version(document)
    versions = document["spec"]["versions"]
    versions[1]["additionalPrinterColumns"] = [{"name": "Age", "type": "time", "jsonPath": ".a"}]
    versions[1]["schema"]["openAPIV3Schema"]["properties"]["spec"]["uniqueItems"] = True
    problems = _problems(tmp_path, document)
    assert [p.split(":", 1)[0] for p in problems] == [
        "spec.versions[1].schema.openAPIV3Schema.properties[spec].uniqueItems",
        "spec.versions[1].additionalPrinterColumns[0].type",
    ]


SELECTABLE_WITHOUT_SCHEMA = (
    'Invalid value: "": selectableFields may only be set when version.schema.openAPIV3Schema '
    "is not included"
)


def test_selectable_fields_go_to_the_spec_only_with_the_schema(tmp_path: Path) -> None:
    """v1's conversion moves them to the spec when the versions agree on them and on the
    schema; when only the schema moves, a version's own fields are left without one."""
    document = base()
    second_version(document)
    document["spec"]["versions"][1]["selectableFields"] = [{"jsonPath": ".spec.colour"}]
    assert _problems(tmp_path, document) == [
        f"{V0}.selectableFields: {SELECTABLE_WITHOUT_SCHEMA}",
        f"spec.versions[1].selectableFields: {SELECTABLE_WITHOUT_SCHEMA}",
    ]
    document = base()
    second_version(document)  # the same fields: checked once, at the spec
    document["spec"]["versions"][0]["selectableFields"][0]["jsonPath"] = ".spec.colour"
    second = document["spec"]["versions"][1]
    second["selectableFields"] = [{"jsonPath": ".spec.colour"}]
    assert [p.split(":", 1)[0] for p in _problems(tmp_path, document)] == [FIELD]
    second["schema"]["openAPIV3Schema"]["properties"]["spec"]["description"] = "v2's"
    assert [p.split(":", 1)[0] for p in _problems(tmp_path, document)] == [
        f"{V0}.selectableFields[0].jsonPath",
        "spec.versions[1].selectableFields[0].jsonPath",
    ]


def test_rules_are_checked_beside_the_other_problems_of_a_crd(tmp_path: Path) -> None:
    """The server lists a rule that does not compile with the CRD's other problems (the rules
    of a schema with problems of its own are not compiled), and so does generate, across files."""
    from codegen.compile import load_checked

    document = base()
    spec = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    spec["x-kubernetes-validations"] = [{"rule": "self.nope == 1"}]
    document["spec"]["versions"][0]["selectableFields"] = [{"jsonPath": ".spec.colour"}]
    other = base()
    other["spec"]["names"].update(kind="Gadget", plural="gadgets", singular="gadget")
    other["spec"]["names"]["listKind"] = "GadgetList"
    other["metadata"]["name"] = "gadgets.example.com"
    other_spec = other["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    other_spec["x-kubernetes-validations"] = [{"rule": "self.missing == 1"}]
    folder = write_crds(tmp_path / "crd", document, other)
    with pytest.raises(LoadError) as caught:
        load_checked([folder], relative_to=tmp_path)
    rule = "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule"
    assert [(Path(p.file).name, p.path) for p in caught.value.problems] == [
        ("crd0.yaml", f"{FIELD}"),
        ("crd0.yaml", rule),
        ("crd1.yaml", rule),
    ]
    spec["properties"]["bad"] = {"description": "no type"}  # now the schema has a problem
    folder = write_crds(tmp_path / "crd2", document)
    with pytest.raises(LoadError) as caught:
        load_checked([folder], relative_to=tmp_path)
    assert "self.nope" not in str(caught.value)


def accepted() -> list[Document]:
    """Forms the server accepts, one document each."""
    everything = base()
    spec = everything["spec"]
    del spec["names"]["singular"], spec["names"]["listKind"]  # defaulted from kind
    spec["names"].update(shortNames=["wd", "w-2"], categories=["all", "my-things"])
    spec["scope"] = "Cluster"
    first = spec["versions"][0]
    first.update(deprecated=True, deprecationWarning="café: use v2 — soon")
    first["subresources"]["scale"]["labelSelectorPath"] = ".status.selector"
    first["additionalPrinterColumns"] += [
        {"name": "Replicas", "type": "integer", "format": "int32", "jsonPath": ".spec.replicas"},
        {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "priority": 1},
    ]
    first["selectableFields"] += [
        {"jsonPath": ".spec.replicas"},
        {"jsonPath": ".spec.paused"},
        {"jsonPath": ".spec.tags.team"},  # a key of a map
    ]
    second_version(everything, served=False)  # `served` may be left out: it is false
    del spec["versions"][1]["served"]
    spec["conversion"] = webhook(service(path="/convert/v1"), versions=["v1beta1", "v1"])
    with_url = base()
    with_url["spec"]["conversion"] = webhook({"url": "https://conv.example.com:8443/convert"})
    with_url["spec"]["preserveUnknownFields"] = False
    no_status = base()  # the root may say more without the status subresource
    del no_status["spec"]["versions"][0]["subresources"]
    root_max_properties(no_status)
    none = crd({"type": "object"}, kind="Gadget")
    none["spec"]["conversion"] = {"strategy": "None"}
    return [everything, with_url, no_status, none]


@pytest.mark.parametrize("index", range(4))
def test_accepted_forms_load(tmp_path: Path, index: int) -> None:
    document = accepted()[index]
    folder = write_crds(tmp_path / "crd", document)
    (loaded,) = load_crds([folder], relative_to=tmp_path)
    assert loaded.name == document["metadata"]["name"]


def test_defaulted_names_and_a_null_status(tmp_path: Path) -> None:
    document = base()
    del document["spec"]["names"]["singular"], document["spec"]["names"]["listKind"]
    document["spec"]["versions"][0]["subresources"] = {"status": None}
    (loaded,) = load_crds([write_crds(tmp_path / "crd", document)], relative_to=tmp_path)
    assert (loaded.singular, loaded.list_kind) == ("widget", "WidgetList")
    # `status: null` decodes to no status subresource, as on the server.
    assert loaded.versions[0].status_subresource is False


APPROVAL = "metadata.annotations[api-approved.kubernetes.io]"
APPROVAL_TEXT = 'protected groups must have approval annotation "api-approved.kubernetes.io"'
APPROVAL_LINK = "see https://github.com/kubernetes/enhancements/pull/1111"


@pytest.mark.parametrize(
    ("group", "annotation", "wanted"),
    [
        ("example.com", None, []),
        ("widgets.k8s.io", "https://github.com/kubernetes/enhancements/pull/1111", []),
        ("x.kubernetes.io", "unapproved, experimental", []),
        ("widgets.k8s.io", None, [f"{APPROVAL}: Required value: {APPROVAL_TEXT}, {APPROVAL_LINK}"]),
        (
            "k8s.io",
            "approved",
            [
                f'{APPROVAL}: Invalid value: "approved": {APPROVAL_TEXT} with either a URL or a '
                f'reason starting with "unapproved", {APPROVAL_LINK}'
            ],
        ),
    ],
)
def test_protected_groups_without_approval_are_warned_about(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    group: str,
    annotation: str | None,
    wanted: list[str],
) -> None:
    """The server refuses these (validateAPIApproval); copies of real CRDs often lack the
    annotation, so this tool generates them and says so."""
    from codegen import cli

    document = regroup_document(group, annotation)
    write_crds(tmp_path / "crd", document)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate"]) == 0
    prefix, suffix = "warning: crd/crd0.yaml:1: ", " (the API server refuses the CRD)"
    lines = capsys.readouterr().err.splitlines()
    warnings = [line.removeprefix(prefix).removesuffix(suffix) for line in lines]
    assert all(line.startswith(prefix) and line.endswith(suffix) for line in lines)
    assert warnings == wanted


def regroup_document(group: str, annotation: str | None) -> Document:
    document = base()
    regroup(group)(document)
    if annotation is not None:
        document["metadata"]["annotations"] = {"api-approved.kubernetes.io": annotation}
    return document


def test_unknown_fields_of_a_crd_are_warned_about_with_their_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt keyword is dropped by the server (Warn), or refuses the CRD (Strict, what
    `kubectl apply` asks for): either way it must not vanish in silence here."""
    from codegen import cli

    document = base()
    spec = document["spec"]
    version = spec["versions"][0]
    schema = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
    schema["properties"]["color"] = {"type": "string", "maxlength": 3, "default": "red"}
    schema["x-kubernetes-validation"] = [{"rule": "true"}]
    schema["properties"]["tags"]["example"] = {"anything": {"goes": 1}}  # free-form values
    schema["x-kubernetes-validations"] = [{"rule": "true", "messsage": "typo"}]
    version["additionalPrinterColumns"][0]["jsonpath"] = ".spec.color"
    spec["validation"] = {"openAPIV3Schema": {"type": "object"}}  # v1beta1's, not v1's
    write_crds(tmp_path / "crd", document)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate"]) == 0
    lines = capsys.readouterr().err.splitlines()
    found = [line.split('unknown field "')[1].split('"')[0] for line in lines]
    root = "spec.versions[0].schema.openAPIV3Schema.properties[spec]"
    assert found == [  # in document order
        f"{root}.properties[color].maxlength",
        f"{root}.x-kubernetes-validation",
        f"{root}.x-kubernetes-validations[0].messsage",
        "spec.versions[0].additionalPrinterColumns[0].jsonpath",
        "spec.validation",
    ]
    assert all(line.startswith("warning: crd/crd0.yaml:1: unknown field") for line in lines)


@pytest.mark.parametrize("subresource", [True, False])
def test_a_required_status_under_the_status_subresource_is_warned_about(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    subresource: bool,
) -> None:
    """The server accepts such a CRD, but no object of it can be created: every create loses
    its status first (held-out sweep 43)."""
    from codegen import cli

    document = base()
    version = document["spec"]["versions"][0]
    schema = version["schema"]["openAPIV3Schema"]
    schema["properties"]["status"] = {"type": "object"}
    schema["required"] = ["spec", "status"]
    version["subresources"] = {"status": {}} if subresource else {}
    write_crds(tmp_path / "crd", document)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "status is required" in line]
    assert warned == (
        [
            "warning: crd/crd0.yaml:1: spec.versions[0].schema.openAPIV3Schema.required: status "
            "is required, but the status subresource drops it from every create: the API "
            "server refuses every object of this version (status: Required value)"
        ]
        if subresource
        else []
    )


def test_a_v1beta1_shared_schema_stands_in_for_no_version(tmp_path: Path) -> None:
    document = base()
    spec = document["spec"]
    spec["validation"] = spec["versions"][0].pop("schema")
    assert "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required" in (
        _problems(tmp_path, document)
    )
