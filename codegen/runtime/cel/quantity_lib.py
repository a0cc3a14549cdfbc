"""Kubernetes `quantity` library, on top of the runtime's resource.Quantity port.

A quantity crosses the engine as a message holding its exact value in lowest terms
(`unscaled:exponent`), so CEL equality is numeric equality (`quantity("200M") ==
quantity("0.2G")`), as in the API server.
"""

from __future__ import annotations

from typing import Any

from cel_expr_python import cel
from google.protobuf import message

from codegen.runtime.quantity import Format, Quantity, QuantityError

from .library import LibFunction, LibOverload, LibraryError
from .pool import make_opaque, opaque_value

T = cel.Type
QUANTITY_TYPE = "kubernetes.Quantity"
_INT64 = (-(1 << 63), (1 << 63) - 1)


def _to_message(q: Quantity) -> message.Message:
    unscaled, exp = q.unscaled, q.exp
    if unscaled == 0:
        exp = 0
    while unscaled and unscaled % 10 == 0:
        unscaled //= 10
        exp += 1
    return make_opaque(QUANTITY_TYPE, f"{unscaled}:{exp}")


def _from_message(value: message.Message) -> Quantity:
    unscaled, _, exp = opaque_value(value).partition(":")
    return Quantity(int(unscaled), int(exp), Format.DECIMAL_SI, dec=True)


def _parse(text: str) -> Quantity:
    try:
        return Quantity.parse(text)
    except QuantityError as exc:
        raise LibraryError(str(exc)) from None


def _is_quantity(text: str) -> bool:
    try:
        Quantity.parse(text)
    except QuantityError:
        return False
    return True


def _operand(value: Any) -> Quantity:
    return Quantity.from_int(value) if isinstance(value, int) else _from_message(value)


def _exact(q: Quantity) -> tuple[int, int]:
    return q.unscaled, q.exp


def _as_integer(value: message.Message) -> int:
    unscaled, exp = _exact(_from_message(value))
    result: int = unscaled * 10**exp if exp >= 0 else 0
    if exp < 0 or not _INT64[0] <= result <= _INT64[1]:
        raise LibraryError("cannot convert value to integer")
    return result


def _is_integer(value: message.Message) -> bool:
    try:
        _as_integer(value)
    except LibraryError:
        return False
    return True


def _compare(a: message.Message, b: message.Message) -> int:
    return _from_message(a).cmp(_from_message(b))


def functions() -> list[LibFunction]:
    q = T(QUANTITY_TYPE)

    def member(name: str, params: tuple[cel.Type, ...], result: cel.Type, impl: Any) -> LibOverload:
        suffix = "_".join(p.name().lower() for p in params[1:])
        return LibOverload(
            f"quantity_{name}_{suffix}",
            params,
            result,
            impl,
            member=True,
            message_types=(QUANTITY_TYPE,),
        )

    return [
        LibFunction(
            "quantity",
            (LibOverload("string_to_quantity", (T.STRING,), q, lambda s: _to_message(_parse(s))),),
        ),
        LibFunction(
            "isQuantity", (LibOverload("is_quantity_string", (T.STRING,), T.BOOL, _is_quantity),)
        ),
        LibFunction("sign", (member("sign", (q,), T.INT, lambda a: _from_message(a).sign),)),
        LibFunction("isInteger", (member("isInteger", (q,), T.BOOL, _is_integer),)),
        LibFunction("asInteger", (member("asInteger", (q,), T.INT, _as_integer),)),
        LibFunction(
            "asApproximateFloat",
            (
                member(
                    "asApproximateFloat",
                    (q,),
                    T.DOUBLE,
                    lambda a: _from_message(a).as_approximate_float(),
                ),
            ),
        ),
        LibFunction(
            "add",
            (
                member(
                    "add", (q, q), q, lambda a, b: _to_message(_from_message(a).add(_operand(b)))
                ),
                member(
                    "add",
                    (q, T.INT),
                    q,
                    lambda a, b: _to_message(_from_message(a).add(_operand(b))),
                ),
            ),
        ),
        LibFunction(
            "sub",
            (
                member(
                    "sub", (q, q), q, lambda a, b: _to_message(_from_message(a).sub(_operand(b)))
                ),
                member(
                    "sub",
                    (q, T.INT),
                    q,
                    lambda a, b: _to_message(_from_message(a).sub(_operand(b))),
                ),
            ),
        ),
        LibFunction(
            "isLessThan", (member("isLessThan", (q, q), T.BOOL, lambda a, b: _compare(a, b) < 0),)
        ),
        LibFunction(
            "isGreaterThan",
            (member("isGreaterThan", (q, q), T.BOOL, lambda a, b: _compare(a, b) > 0),),
        ),
        LibFunction("compareTo", (member("compareTo", (q, q), T.INT, _compare),)),
    ]
