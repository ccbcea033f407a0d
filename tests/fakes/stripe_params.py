"""Stripe's form encoding of nested parameters: `line_items[0][quantity]=2`."""

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
