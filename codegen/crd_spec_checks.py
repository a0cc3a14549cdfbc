"""The API server's CRD-level rules (apiextensions-apiserver `validation.go`,
`ValidateCustomResourceDefinition` on create, after apiextensions.k8s.io/v1's defaults): the
CRD's own metadata, group, scope, names, the versions as a list, conversion, the stored version
the create records and `preserveUnknownFields`. The
rules of each version are in `crd_version_checks`; the schemas' in `structural_checks` and the
modules it leads to.

The API-review annotation the server requires of groups under k8s.io and kubernetes.io
(`api-approved.kubernetes.io`, `api_approval_problems`) is a warning here, not a refusal:
copies of such CRDs often lack it, and it says nothing about the resources' types.

Values the server shows as Go structs (the whole versions list, a schema) are left out of the
messages; short Go values are written as Go prints them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from codegen.crd_version_checks import (
    dns1035_errors,
    invalid,
    required,
    shared_version_fields,
    version_errors,
)
from codegen.runtime.errors import (
    OMITTED,
    ErrorType,
    FieldError,
    GoSyntax,
    go_quote,
    go_string_slice,
)
from codegen.runtime.listtype import index_path
from codegen.runtime.metadata import is_dns1035_label, is_dns1123_subdomain, validate_object_meta

_REVIEW_VERSIONS: Final = ("v1", "v1beta1")  # the ConversionReview versions the server speaks
_URL_FORM: Final = "; desired format: https://host[/path]"
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf")
_SCHEMA_MAPS: Final = ("properties", "patternProperties", "definitions", "dependencies")


def _text(obj: Any, key: str) -> str | None:
    """obj[key] as a string: "" when absent or null, None when of another type (that is
    reported where the CRD is decoded, and no rule here applies to it)."""
    value = obj.get(key) if isinstance(obj, Mapping) else None
    if value is None:
        return ""
    return value if isinstance(value, str) else None


def crd_spec_errors(document: Mapping[str, Any]) -> list[FieldError]:
    """Every CRD-level problem of a decoded CRD whose `spec` is a mapping, in the server's
    order; the schemas themselves are not looked at, beyond what these rules need."""
    spec: Mapping[str, Any] = document["spec"]
    raw_names = spec.get("names")
    names: Mapping[str, Any] = raw_names if isinstance(raw_names, dict) else {}
    raw_versions = spec.get("versions")
    listed = raw_versions if isinstance(raw_versions, list) else []
    entries = [(i, v) for i, v in enumerate(listed) if isinstance(v, dict)]
    group = _text(spec, "group")
    errors = list(_metadata_errors(document.get("metadata"), _text(names, "plural"), group))
    errors += _group_errors(group)
    errors += _scope_errors(_text(spec, "scope"))
    preserve = spec.get("preserveUnknownFields") is True
    if preserve and any(_has_default(_schema_of(v)) for _, v in entries):
        errors.append(
            invalid(
                "spec.preserveUnknownFields",
                True,
                "must be false in order to use defaults in the schema",
            )
        )
    shared = shared_version_fields(raw_versions)
    for (index, version), status_root in zip(entries, _status_roots(entries, shared), strict=True):
        errors += version_errors(version, index, status_root, shared)
    errors += _versions_list_errors(entries)
    errors += _names_errors(names)
    errors += _conversion_errors(spec.get("conversion"), preserve)
    errors += _stored_version_errors(entries)
    if preserve:
        errors.append(
            invalid(
                "spec.preserveUnknownFields",
                True,
                "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in "
                "spec.versions[*].schema instead",
            )
        )
    return errors


def _metadata_errors(metadata: Any, plural: str | None, group: str | None) -> list[FieldError]:
    wanted = f"{plural or ''}.{group or ''}"

    def name_rule(name: str, is_prefix: bool) -> list[str]:
        # A generateName is checked as a prefix: a trailing '-' is fine there.
        checked = name[:-1] + "a" if is_prefix and len(name) > 1 and name.endswith("-") else name
        reasons = is_dns1123_subdomain(checked)
        if name != wanted:
            reasons.append('must be spec.names.plural+"."+spec.group')
        return reasons

    return validate_object_meta(metadata, require_name=True, name_rule=name_rule)


def _group_errors(group: str | None) -> Iterator[FieldError]:
    if group is None:
        return
    if not group:
        yield required("spec.group")
    elif reasons := is_dns1123_subdomain(group):
        yield invalid("spec.group", group, ",".join(reasons))
    elif "." not in group:
        yield invalid("spec.group", group, "should be a domain with at least one dot")


def _enum_errors(path: str, value: str | None, accepted: tuple[str, ...]) -> Iterator[FieldError]:
    if value == "":
        yield required(path)
    elif value is not None and value not in accepted:
        supported = ", ".join(go_quote(a) for a in accepted)
        yield FieldError(ErrorType.NOT_SUPPORTED, path, f"supported values: {supported}", value)


def _scope_errors(scope: str | None) -> Iterator[FieldError]:
    yield from _enum_errors("spec.scope", scope, ("Cluster", "Namespaced"))


def _schema_of(version: Mapping[str, Any]) -> Any:
    holder = version.get("schema")
    return holder.get("openAPIV3Schema") if isinstance(holder, dict) else None


def _has_default(node: Any) -> bool:
    """Whether a default is set anywhere in a schema (every kind of subschema counts)."""
    if not isinstance(node, dict):
        return False
    if node.get("default") is not None:
        return True
    children: list[Any] = [node.get("not"), node.get("additionalProperties")]
    children.append(node.get("additionalItems"))
    items = node.get("items")
    children.extend(items if isinstance(items, list) else [items])
    for key in _SCHEMA_LISTS:
        if isinstance(node.get(key), list):
            children.extend(node[key])
    for key in _SCHEMA_MAPS:
        if isinstance(node.get(key), dict):
            children.extend(node[key].values())
    return any(_has_default(child) for child in children)


def _status_roots(entries: list[tuple[int, dict[str, Any]]], shared: frozenset[str]) -> list[bool]:
    """Whether each version's schema is checked with the status subresource enabled: its own
    subresources decide, except that a schema all versions share is checked once, with the
    status of any of them."""

    def status(version: Mapping[str, Any]) -> bool:
        subresources = version.get("subresources")
        return isinstance(subresources, dict) and subresources.get("status") is not None

    own = [status(v) for _, v in entries]
    if "schema" in shared and any(own):
        return [True] * len(own)
    return own


def _version_name(version: Mapping[str, Any]) -> str:
    name = version.get("name")
    return name if isinstance(name, str) else ""


def _versions_list_errors(entries: list[tuple[int, dict[str, Any]]]) -> Iterator[FieldError]:
    names = [_version_name(v) for _, v in entries]
    if len(set(names)) != len(names):
        yield invalid("spec.versions", OMITTED, "must contain unique version names")
    if sum(1 for _, v in entries if v.get("storage") is True) != 1:
        yield invalid(
            "spec.versions", OMITTED, "must have exactly one version marked as storage version"
        )
    # The v1 API fills the internal spec.version from the first version and validates it too.
    if entries and entries[0][0] == 0 and names[0]:
        yield from dns1035_errors("spec.version", names[0])


def _names_errors(names: Mapping[str, Any]) -> Iterator[FieldError]:
    plural, kind = _text(names, "plural"), _text(names, "kind")
    singular, list_kind = _text(names, "singular"), _text(names, "listKind")
    # The v1 defaults: singular is the lowercased kind, listKind the kind + "List".
    if singular == "" and kind is not None:
        singular = kind.lower()
    if list_kind == "" and kind:
        list_kind = f"{kind}List"
    for key, value in (("plural", plural), ("singular", singular), ("kind", kind)):
        if value == "":
            yield required(f"spec.names.{key}")
    if list_kind == "":
        yield required("spec.names.listKind")
    for key, value in (("plural", plural), ("singular", singular)):
        if value:
            yield from dns1035_errors(f"spec.names.{key}", value)
    for key, value in (("kind", kind), ("listKind", list_kind)):
        if value and (reasons := is_dns1035_label(value.lower())):
            yield invalid(
                f"spec.names.{key}",
                value,
                "may have mixed case, but should otherwise match: " + ",".join(reasons),
            )
    yield from _label_list_errors(names.get("shortNames"), "spec.names.shortNames")
    if kind and kind == list_kind:
        yield invalid("spec.names.listKind", list_kind, "kind and listKind may not be the same")
    yield from _label_list_errors(names.get("categories"), "spec.names.categories")


def _label_list_errors(values: Any, path: str) -> Iterator[FieldError]:
    if isinstance(values, list):
        for i, value in enumerate(values):
            if isinstance(value, str):
                yield from dns1035_errors(index_path(path, i), value)


def _conversion_errors(conversion: Any, preserve: bool) -> Iterator[FieldError]:
    if not isinstance(conversion, dict):
        return  # absent: the v1 default, strategy None
    strategy = _text(conversion, "strategy")
    if preserve and strategy != "None":
        yield invalid(
            "spec.conversion.strategy",
            strategy,
            "must be None if spec.preserveUnknownFields is true",
        )
    yield from _enum_errors("spec.conversion.strategy", strategy, ("None", "Webhook"))
    webhook = conversion.get("webhook")
    webhook = webhook if isinstance(webhook, dict) else {}
    client = webhook.get("clientConfig")
    versions = webhook.get("conversionReviewVersions")
    versions = versions if isinstance(versions, list) else []
    base = "spec.conversion"
    if strategy != "Webhook":
        not_webhook = "should not be set when strategy is not set to Webhook"
        if client is not None:
            yield FieldError(ErrorType.FORBIDDEN, f"{base}.webhookClientConfig", not_webhook)
        if versions:
            yield FieldError(ErrorType.FORBIDDEN, f"{base}.conversionReviewVersions", not_webhook)
        return
    if not isinstance(client, dict):
        if client is None:
            yield required(
                f"{base}.webhookClientConfig", "required when strategy is set to Webhook"
            )
    elif (client.get("url") is None) == (client.get("service") is None):
        yield required(f"{base}.webhookClientConfig", "exactly one of url or service is required")
    elif isinstance(client.get("url"), str):
        yield from _url_errors(f"{base}.webhookClientConfig.url", client["url"])
    elif isinstance(client.get("service"), dict):
        yield from _service_errors(f"{base}.webhookClientConfig.service", client["service"])
    # A CA bundle is not checked when a CRD is created (nor before it is established).
    yield from _review_version_errors(f"{base}.conversionReviewVersions", versions)


def _url_errors(path: str, url: str) -> Iterator[FieldError]:
    from codegen.runtime.go_url import URLError, parse

    try:
        parsed = parse(url)
    except URLError as exc:
        yield required(path, f"url must be a valid URL: {exc}{_URL_FORM}")
        return
    if parsed.scheme != "https":
        yield invalid(path, parsed.scheme, f"'https' is the only allowed URL scheme{_URL_FORM}")
    if not parsed.host:
        yield invalid(path, parsed.host, f"host must be specified{_URL_FORM}")
    user = _userinfo(url)
    if user is not None:
        yield invalid(path, user, "user information is not permitted in the URL")
    if parsed.fragment:
        yield invalid(path, parsed.fragment, "fragments are not permitted in the URL")
    if parsed.raw_query:
        yield invalid(path, parsed.raw_query, "query parameters are not permitted in the URL")


def _userinfo(url: str) -> str | None:
    """The user part of an absolute URL's authority, as written, or None."""
    rest = url.partition("#")[0].partition("?")[0]
    scheme, colon, rest = rest.partition(":")
    if not colon or not scheme or not rest.startswith("//"):
        return None
    authority = rest[2:].partition("/")[0]
    user, at, _ = authority.rpartition("@")
    return user if at else None


def _service_errors(path: str, service: Mapping[str, Any]) -> Iterator[FieldError]:
    # Kubernetes 1.36 passes name and namespace to its check swapped (kubernetes#141353): a
    # missing namespace is reported as a missing name, and the other way round.
    if not service.get("namespace"):
        yield required(f"{path}.name")
    if not service.get("name"):
        yield required(f"{path}.namespace")
    port = service.get("port", 443)
    if isinstance(port, int) and not 1 <= port <= 65535:
        yield invalid(
            f"{path}.port", port, "port is not valid: must be between 1 and 65535, inclusive"
        )
    url_path = service.get("path")
    if isinstance(url_path, str):
        yield from _service_path_errors(f"{path}.path", url_path)


def _service_path_errors(path: str, url_path: str) -> Iterator[FieldError]:
    if url_path in ("", "/"):
        return
    if url_path == "//":
        yield invalid(path, url_path, "segment[0] may not be empty")
        return
    if not url_path.startswith("/"):
        yield invalid(path, url_path, "must start with a '/'")
    steps = url_path[1:]
    steps = steps[:-1] if steps.endswith("/") else steps
    for i, step in enumerate(steps.split("/")):
        if not step:
            yield invalid(path, url_path, f"segment[{i}] may not be empty")
            continue
        for reason in is_dns1123_subdomain(step):
            yield invalid(path, url_path, f"segment[{i}]: {reason}")


def _review_version_errors(path: str, versions: list[Any]) -> Iterator[FieldError]:
    if not versions:
        yield required(path)
        return
    seen: set[str] = set()
    for i, version in enumerate(versions):
        if not isinstance(version, str):
            continue
        if version in seen:
            yield invalid(index_path(path, i), version, "duplicate version")
            continue
        seen.add(version)
        for reason in is_dns1035_label(version):
            yield invalid(index_path(path, i), version, reason)
    if not seen.intersection(_REVIEW_VERSIONS):
        yield invalid(
            path,
            go_string_slice(v for v in versions if isinstance(v, str)),
            f"must include at least one of {', '.join(_REVIEW_VERSIONS)}",
        )


def _stored_version_errors(entries: list[tuple[int, dict[str, Any]]]) -> Iterator[FieldError]:
    """A create records the first storage version as stored; every storage version must be."""
    names = [_version_name(v) for _, v in entries]
    storage = [
        name for name, (_, v) in zip(names, entries, strict=True) if v.get("storage") is True
    ]
    path = "status.storedVersions"
    if not storage:
        yield invalid(path, GoSyntax("[]string(nil)"), "must have at least one stored version")
        return
    stored, unmatched = storage[0], {storage[0]}
    for name, (_, version) in zip(names, entries, strict=True):
        if version.get("storage") is True and name not in unmatched:
            yield invalid(
                path,
                go_string_slice([stored]),
                f"must have the storage version {name}",
            )
        unmatched.discard(name)


_APPROVAL: Final = "api-approved.kubernetes.io"
_APPROVAL_PATH: Final = f"metadata.annotations[{_APPROVAL}]"
_APPROVAL_TEXT: Final = f"protected groups must have approval annotation {go_quote(_APPROVAL)}"
_APPROVAL_LINK: Final = "see https://github.com/kubernetes/enhancements/pull/1111"


def api_approval_problems(document: Mapping[str, Any]) -> list[FieldError]:
    """What the server refuses on create of a CRD in a protected community group (k8s.io,
    kubernetes.io and their subdomains: `validateAPIApproval`) without a valid
    `api-approved.kubernetes.io` annotation: a URL, or a reason starting with "unapproved"."""
    from codegen.runtime.go_url import URLError, parse_request_uri

    spec = document.get("spec")
    group = _text(spec, "group") or ""
    if not any(group == g or group.endswith(f".{g}") for g in ("k8s.io", "kubernetes.io")):
        return []
    metadata = document.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    value = annotations.get(_APPROVAL) if isinstance(annotations, dict) else None
    if not isinstance(value, str):
        return [required(_APPROVAL_PATH, f"{_APPROVAL_TEXT}, {_APPROVAL_LINK}")]
    if value.startswith("unapproved"):
        return []
    try:
        url = parse_request_uri(value)
    except URLError:
        url = None
    if url is not None and url.host and url.scheme:
        return []
    detail = f'{_APPROVAL_TEXT} with either a URL or a reason starting with "unapproved", '
    return [invalid(_APPROVAL_PATH, value, detail + _APPROVAL_LINK)]
