"""Stripe's form encoding of nested parameters (`line_items[0][quantity]=2`), and
parameter checks that answer with Stripe's errors."""

import re
from urllib.parse import parse_qsl

_BRACKETED = re.compile(r"\[([^\]]*)\]")


def decode_params(encoded):
    """`a[b][0]=x&expand[]=y` -> `{"a": {"b": ["x"]}, "expand": ["y"]}`."""
    root = {}
    for key, value in parse_qsl(encoded, keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head, *_BRACKETED.findall(f"[{rest}")]
        node = root
        for part in path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                # `a=1&a[b]=2`: Stripe rejects it too; keep the first value.
                break
            node = child
        else:
            last = path[-1] or str(len(node))
            node[last] = value
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def encode_params(params, prefix=""):
    """The inverse of `decode_params`, as (key, value) pairs for `urlencode`."""
    pairs = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, dict):
            pairs += encode_params(value, name)
        elif isinstance(value, list):
            pairs += encode_params(dict(enumerate(value)), name)
        elif isinstance(value, bool):
            pairs.append((name, str(value).lower()))
        elif value is not None:
            pairs.append((name, str(value)))
    return pairs


class StripeError(Exception):
    """An error answer in Stripe's shape: `{"error": {"type", "message", ...}}`."""

    def __init__(
        self, status, message, *, kind="invalid_request_error", code=None, param=None
    ):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": kind, "message": message}}
        if code:
            self.body["error"]["code"] = code
        if param:
            self.body["error"]["param"] = param


def required(params, name, prefix="", kind=str):
    full_name = f"{prefix}[{name}]" if prefix else name
    value = params.get(name)
    if value in (None, "", {}, []):
        raise StripeError(400, f"Missing required param: {full_name}.", param=full_name)
    if not isinstance(value, kind):
        raise StripeError(400, f"Invalid {kind.__name__}", param=full_name)
    return value


def optional_string(params, name):
    value = params.get(name)
    if value is not None and not isinstance(value, str):
        raise StripeError(400, "Invalid string", param=name)
    return value


def integer(value, param):
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise StripeError(400, f"Invalid integer: {value}", param=param)


def array(params, name):
    value = params.get(name, [])
    if not isinstance(value, list):
        raise StripeError(400, "Invalid array", param=name)
    return value


def mapping(params, name, prefix=""):
    value = params.get(name, {})
    if value == "":
        return {}
    if not isinstance(value, dict):
        full_name = f"{prefix}[{name}]" if prefix else name
        raise StripeError(400, "Invalid object", param=full_name)
    return value


def money(amount, currency):
    if currency == "gbp":
        return f"£{amount / 100:,.2f}"
    return f"{amount / 100:,.2f} {currency.upper()}"
