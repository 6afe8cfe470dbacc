#!/usr/bin/env python3
"""Builds the seed corpus of the fuzz targets from Stripe's example objects and parameters.

Usage: python3 fuzz/make_corpus.py [--spec DIR] [--out DIR]

--spec is the folder of Stripe's objects (default: tests/fixtures/stripe, vendored);
--out is the corpus root (default: fuzz/corpus), one folder per target. Files are named by
the SHA-1 of their content, as libFuzzer names its own, so running this again adds nothing
twice and removes nothing (inputs found by fuzzing and regression inputs stay).

Each target's input layout is documented on its function in fuzz/targets/src/:
- decode:  a selector byte (0 customer, 1 checkout session, 2 setup intent, 3 payment method,
           4 payment intent, 5 event, 6 + 7*k an error body with status k of the target's list)
           followed by JSON;
- event:   JSON;
- webhook: flags, a little-endian i16 added to "now", then header 0xFF secret 0xFF body;
- form:    JSON parameters (or any bytes, which the target turns into parameters).
"""

import argparse
import copy
import hashlib
import hmac
import json
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIND_SELECTOR = {
    "customer": 0,
    "checkout.session": 1,
    "setup_intent": 2,
    "payment_method": 3,
    "payment_intent": 4,
    "event": 5,
}
# Index k of each status in the decode target's STATUSES list (selector 6 + 7*k).
STATUS_INDEX = {400: 0, 401: 1, 402: 2, 403: 3, 404: 4, 409: 5, 429: 6, 500: 7, 502: 8, 503: 9}
EVENT_TYPES = {
    "checkout.session": ["checkout.session.completed", "checkout.session.expired"],
    "payment_intent": ["payment_intent.succeeded", "payment_intent.payment_failed"],
    "setup_intent": ["setup_intent.succeeded"],
    "customer": ["customer.created"],
    "payment_method": ["payment_method.attached"],
}
MAX_SEED_BYTES = 3000


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class Corpus:
    def __init__(self, root):
        self.root = root
        self.added = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        folder = self.root / target
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            self.added[target] = self.added.get(target, 0) + 1


def load_objects(spec):
    """Every example object: the fixtures and the flow's objects, by file name."""
    objects = {}
    for path in sorted(spec.glob("fixture-*.json")) + sorted((spec / "flow").glob("*.json")):
        raw = path.read_bytes()
        objects[path.relative_to(spec).as_posix()] = (raw, json.loads(raw))
    return objects


def decode_seeds(corpus, objects, events, errors):
    for name, (raw, obj) in objects.items():
        selector = KIND_SELECTOR.get(obj.get("object"))
        if selector is None:
            continue
        corpus.add("decode", bytes([selector]) + compact(obj))
        if name.startswith("flow/"):
            corpus.add("decode", bytes([selector]) + raw)  # as Stripe prints it
        # Refusals: no id, an id of the wrong type, truncated JSON, not an object.
        broken = {k: v for k, v in obj.items() if k != "id"}
        corpus.add("decode", bytes([selector]) + compact(broken))
        corpus.add("decode", bytes([selector]) + compact(dict(obj, id=42)))
        corpus.add("decode", bytes([selector]) + compact(obj)[: len(compact(obj)) // 2])
        # Unknown fields at the top and inside, and a floating point number.
        extended = dict(obj, x_new_field={"nested": [1, 2.5, None, "é"]}, x_float=0.1)
        corpus.add("decode", bytes([selector]) + compact(extended))
    corpus.add("decode", bytes([0]) + b"[]")
    corpus.add("decode", bytes([1]) + b"null")

    # Expanded fields: the customer and the payment method as objects instead of ids.
    customer = objects["flow/customer.json"][1]
    method = objects["flow/payment_method.json"][1]
    for name in ["flow/payment_intent.json", "flow/setup_intent.json", "flow/checkout_session.json"]:
        obj = copy.deepcopy(objects[name][1])
        obj["customer"] = customer
        if "payment_method" in obj:
            obj["payment_method"] = method
        corpus.add("decode", bytes([KIND_SELECTOR[obj["object"]]]) + compact(obj))

    for event in events[:6]:
        corpus.add("decode", bytes([5]) + compact(event))
    for status, body in errors:
        corpus.add("decode", bytes([6 + 7 * STATUS_INDEX[status]]) + compact(body))
    corpus.add("decode", bytes([6]) + b'{"error":"not an object"}')
    corpus.add("decode", bytes([6]) + b"<html>502 Bad Gateway</html>")


def error_bodies(objects):
    intent = copy.deepcopy(objects["flow/payment_intent.json"][1])
    intent["status"] = "requires_payment_method"
    declined = {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "charge": "ch_3QfA1",
        "advice_code": "try_again_later",
    }
    intent["last_payment_error"] = declined
    return [
        (402, {"error": dict(declined, payment_intent=intent)}),
        (402, {"error": {"type": "card_error", "code": "authentication_required",
                         "decline_code": "authentication_required",
                         "payment_method": objects["flow/payment_method.json"][1],
                         "message": "This payment requires authentication."}}),
        (400, {"error": {"type": "invalid_request_error", "param": "currency",
                         "message": "Invalid currency: usdd", "code": "parameter_invalid_empty",
                         "request_log_url": "https://dashboard.stripe.com/test/logs/req_1"}}),
        (404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                         "param": "id", "message": "No such customer: 'cus_nope'"}}),
        (401, {"error": {"type": "invalid_request_error",
                         "message": "Invalid API Key provided: sk_test_****"}}),
        (403, {"error": {"type": "invalid_request_error", "code": "secret_key_required"}}),
        (400, {"error": {"type": "idempotency_error",
                         "message": "Keys for idempotent requests can only be used with the same parameters they were first used with."}}),
        (409, {"error": {"type": "invalid_request_error", "code": "idempotency_key_in_use"}}),
        (429, {"error": {"type": "invalid_request_error", "code": "lock_timeout",
                         "message": "This object cannot be accessed right now."}}),
        (500, {"error": {"type": "api_error", "message": "An unknown error occurred"}}),
        (503, {"error": {"type": "api_error"}, "x_extra": True}),
        (400, {"error": {"type": "invalid_request_error",
                         "setup_intent": objects["flow/setup_intent.json"][1],
                         "x_new_field": [1, {"a": None}]}}),
        (502, {"error": {}}),
    ]


def build_events(objects):
    events = [objects["fixture-event.json"][1]]
    for name, (_, obj) in objects.items():
        for number, type_ in enumerate(EVENT_TYPES.get(obj.get("object"), [])):
            digest = hashlib.sha1(f"{name}{type_}".encode()).hexdigest()[:24]
            events.append({
                "id": f"evt_{digest}",
                "object": "event",
                "api_version": "2023-08-16",
                "created": 1732600000 + number,
                "data": {"object": obj},
                "livemode": False,
                "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None},
                "type": type_,
            })
    return events


def event_seeds(corpus, events, objects):
    for event in events:
        corpus.add("event", compact(event))
    base = events[1]
    customer = objects["flow/customer.json"][1]
    variants = [
        dict(base, request={"id": "req_8Xn2", "idempotency_key": "order-42", "x": 1}),
        dict(base, type="customer.updated",
             data={"object": customer, "previous_attributes": {"email": None, "name": "Old"}}),
        dict(base, data=dict(base["data"], x_unknown=[1, 2])),
        dict(base, x_new_top_level={"a": 1.5e300, "b": -0.0}),
        # A checkout event carrying a PaymentIntent: the typed accessors must refuse it.
        dict(base, type="checkout.session.completed",
             data={"object": objects["flow/payment_intent.json"][1]}),
        dict(base, data={"object": {"object": "checkout.session", "id": "cs_1"}}),
        dict(base, data={"object": {"object": "payment_intent", "id": "pi_1"}}),
        dict(base, data={"object": None}),
        dict(base, data={"object": [1, "two"]}),
        dict(base, api_version=None, created=None, pending_webhooks=None, request=None),
    ]
    for event in variants:
        corpus.add("event", compact(event))
    # Refusals.
    for broken in [
        {k: v for k, v in base.items() if k != "id"},
        {k: v for k, v in base.items() if k != "data"},
        dict(base, type=7),
        dict(base, data=None),
        dict(base, livemode="no"),
        dict(base, created=2**64),
    ]:
        corpus.add("event", compact(broken))
    corpus.add("event", compact(base)[:200])
    corpus.add("event", b"")
    corpus.add("event", b"[]")
    corpus.add("event", b'{"id":"evt_1","id":"evt_2","type":"x","data":{"object":{}}}')
    corpus.add("event", b'{"id":"evt_1","type":"x","data":{"object":{}},"k":1,"k":2}')
    corpus.add("event", b'{"id":"evt_1","type":"x","data":{"object":' + b"[" * 200 + b"]" * 200 + b"}}")


def sign(secret, timestamp, body):
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def webhook_input(flags, delta, header, secret, body):
    if isinstance(header, str):
        header = header.encode()
    return bytes([flags]) + struct.pack("<h", delta) + header + b"\xff" + secret + b"\xff" + body


def webhook_seeds(corpus, events):
    # Flags: bits 0-1 tolerance (0, 300 s, 500 ms, max), bits 2-3 "now" base (header t, 0,
    # i64::MAX, i64::MIN), bit 4 raw secret (else "whsec_" + secret), bit 5 length-limit checks.
    TOL_0, TOL_300, TOL_HALF, TOL_MAX = 0, 1, 2, 3
    RAW, PADDED = 0x10, 0x20
    secret = b"whsec_test_8aGk2Hq0vJ3nR5tY"
    t = 1732600000
    bodies = [compact(e) for e in events[:3]] + [b"not json", b""]
    for body in bodies:
        good = sign(secret, t, body)
        corpus.add("webhook", webhook_input(TOL_300 | RAW, 0, f"t={t},v1={good}", secret, body))
    body = bodies[1]
    good = sign(secret, t, body)
    old = sign(b"whsec_old_secret", t, body)
    cases = [
        # Within and outside the tolerance (now = t + delta).
        (TOL_300 | RAW, 299, f"t={t},v1={good}"),
        (TOL_300 | RAW, -300, f"t={t},v1={good}"),
        (TOL_300 | RAW, 301, f"t={t},v1={good}"),
        (TOL_HALF | RAW, 2, f"t={t},v1={good}"),
        (TOL_0 | RAW, 30000, f"t={t},v1={good}"),
        (TOL_MAX | RAW | (3 << 2), 0, f"t={t},v1={good}"),
        (TOL_300 | RAW | (1 << 2), 0, f"t={t},v1={good}"),
        (TOL_300 | RAW | (2 << 2), -5, f"t={t},v1={good}"),
        # Secret rotation, unknown schemes, spaces, upper-case hex.
        (TOL_300 | RAW, 0, f"t={t},v1={old},v1={good}"),
        (TOL_300 | RAW, 0, f"t={t}, v1={good}, v1={old}"),
        (TOL_300 | RAW, 0, f"t={t},v0={good},v1={good.upper()},x=y,novalue"),
        (TOL_300 | RAW, 0, f"v1={good},t={t}"),
        # Wrong secret, no signature, no timestamp, malformed values.
        (TOL_300 | RAW, 0, f"t={t},v1={old}"),
        (TOL_300 | RAW, 0, f"t={t}"),
        (TOL_300 | RAW, 0, f"v1={good}"),
        (TOL_300 | RAW, 0, f"t=,v1={good}"),
        (TOL_300 | RAW, 0, f"t=abc,v1={good}"),
        (TOL_300 | RAW, 0, f"t={t},t=abc,v1={good}"),
        (TOL_300 | RAW, 0, f"t=+0{t},v1={good}"),
        (TOL_300 | RAW, 0, f"t=99999999999999999999,v1={good}"),
        (TOL_300 | RAW, 0, f"t={t},v1={good[:-1]}"),
        (TOL_300 | RAW, 0, f"t={t},v1={good[:-2]}zz"),
        (TOL_300 | RAW, 0, f"t={t},v0={good}"),
        (TOL_300 | RAW, 0, f"t={t};v1={good}"),
        (TOL_300 | RAW, 0, f"t = {t} , v1 = {good}"),
        (TOL_300 | RAW, 0, ""),
        (TOL_300 | RAW, 0, ",,,=,=="),
        (TOL_300 | RAW, 0, "t=\u00e9,v1=\u00ff\u00ff"),
        # Length limit: padded to exactly 8 KiB and one byte more.
        (TOL_300 | RAW | PADDED, 0, f"t={t},v1={good}"),
        (TOL_300 | RAW | PADDED, 0, f"t={t},v1={old}"),
    ]
    for flags, delta, header in cases:
        corpus.add("webhook", webhook_input(flags, delta, header, secret, body))
    # The secret given without its prefix (the target adds whsec_), an empty secret.
    short = b"test_secret"
    corpus.add("webhook", webhook_input(
        TOL_300, 0, f"t={t},v1={sign(b'whsec_' + short, t, body)}", short, body))
    corpus.add("webhook", webhook_input(TOL_300 | RAW, 0, f"t={t},v1={good}", b"", body))
    # Negative and zero timestamps; a tampered body; invalid UTF-8 in the header.
    for stamp in [0, -1, -9223372036854775808]:
        corpus.add("webhook", webhook_input(
            TOL_300 | RAW, 0, f"t={stamp},v1={sign(secret, stamp, body)}", secret, body))
    corpus.add("webhook", webhook_input(TOL_300 | RAW, 0, f"t={t},v1={good}", secret, body + b" "))
    corpus.add("webhook", webhook_input(
        TOL_300 | RAW, 0, f"t={t},v1=".encode() + b"\xc3\x28" + good.encode(), secret, body))


# Parameter values that exercise the encoder: reserved characters, brackets, unicode.
TRICKY = ["a&b=c", "[x]", "50% off", "caf\u00e9 \u2615", "{CHECKOUT_SESSION_ID}", "+1 (555)"]


def sample(schema, name, depth, budget):
    """A value for a request-parameter schema, kept small."""
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("enum") != [""]]
        return sample(options[0] if options else schema["anyOf"][0], name, depth, budget)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        if not props:
            return {"order_id": "6735", "note": TRICKY[depth % len(TRICKY)]}
        required = schema.get("required", [])
        keys = list(props) if depth < budget else required or list(props)[:1]
        if depth >= 1:
            keys = list(dict.fromkeys(required + keys[:3]))
        return {k: sample(props[k], k, depth + 1, budget) for k in keys}
    if kind == "array":
        item = sample(schema.get("items", {"type": "string"}), name, depth + 1, budget)
        return [item, item] if not isinstance(item, (dict, list)) else [item]
    if kind == "integer":
        return 1099
    if kind == "number":
        return 2.5
    if kind == "boolean":
        return True
    if "url" in name:
        return "https://example.com/done?session_id={CHECKOUT_SESSION_ID}"
    if name == "currency":
        return "usd"
    if "email" in name:
        return "jenny.rosen+test@example.com"
    return f"{name or 'v'} {TRICKY[len(name) % len(TRICKY)]}"


def form_seeds(corpus, spec):
    endpoints = json.loads((spec / "endpoints.json").read_text())["endpoints"]
    for endpoint in endpoints.values():
        body = endpoint.get("requestBody")
        if not body:
            continue
        schema = body["schema"]
        props = schema["properties"]
        required = {k: sample(props[k], k, 1, 4) for k in schema.get("required", [])}
        # One seed per top-level parameter (with the required ones), nested as the spec says.
        for key, prop in props.items():
            for budget in (4, 2):
                params = dict(required, **{key: sample(prop, key, 1, budget)})
                data = compact(params)
                if len(data) <= MAX_SEED_BYTES:
                    corpus.add("form", data)
                    break
        scalars = {k: sample(v, k, 1, 1) for k, v in props.items()
                   if v.get("type") in ("string", "integer", "boolean", "number")}
        corpus.add("form", compact(scalars))

    # The flow's own request bodies.
    for params in [
        {"mode": "setup", "currency": "usd", "customer": "cus_RZx4bN7qLk2mWp",
         "success_url": "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"},
        {"mode": "payment", "customer": "cus_RZx4bN7qLk2mWp",
         "line_items": [{"price_data": {"currency": "usd", "product_data": {"name": "T-shirt"},
                                        "unit_amount": 1099}, "quantity": 1}],
         "success_url": "https://example.com/paid", "expand": ["payment_intent"]},
        {"amount": 1099, "currency": "usd", "customer": "cus_1", "payment_method": "pm_1",
         "off_session": True, "confirm": True, "metadata": {"order": "42", "note": "a&b=c"}},
        {"customer": "cus_1"},
        {"email": "jenny.rosen@example.com", "name": "Jenny Rosen", "metadata": {}},
    ]:
        corpus.add("form", compact(params))
    # Shapes at the edges of the encoding.
    for params in [
        {}, [], [1, "a"], 42, "text", None, True,
        {"": 1}, {"": {"a": 1}}, {"a": {"": 1}}, {"a[b]": "c"}, {"a": [[1, 2], [3]]},
        {"a": None, "b": [None, 1]}, {"f": 1.5e300, "g": -0.0, "h": 1e-7, "i": 18446744073709551615,
                                     "j": -9223372036854775808},
        {"k\u00e9y \u2615": "v\u00e4lue\n\t", "=&%+": "=&%+ "}, {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}},
    ]:
        corpus.add("form", compact(params))
    # Non-JSON inputs: the target generates parameters from these bytes.
    for seed in range(12):
        corpus.add("form", hashlib.sha256(b"form-seed-%d" % seed).digest() * (1 + seed % 3))
    corpus.add("form", bytes([7, 3, 4]) + b"line" + bytes([6, 2, 5, 3]) + b"a[b")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=REPO / "tests" / "fixtures" / "stripe",
                        help="the folder of Stripe's objects (default: tests/fixtures/stripe)")
    parser.add_argument("--out", type=Path, default=REPO / "fuzz" / "corpus",
                        help="the corpus root, one folder per target (default: fuzz/corpus)")
    args = parser.parse_args()
    if not (args.spec / "endpoints.json").is_file():
        sys.exit(f"error: no endpoints.json in {args.spec}; pass --spec DIR")

    corpus = Corpus(args.out)
    objects = load_objects(args.spec)
    events = build_events(objects)
    errors = error_bodies(objects)
    decode_seeds(corpus, objects, events, errors)
    event_seeds(corpus, events, objects)
    webhook_seeds(corpus, events)
    form_seeds(corpus, args.spec)
    for target in ["decode", "event", "webhook", "form"]:
        folder = args.out / target
        total = sum(1 for _ in folder.iterdir())
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"{target:8} {corpus.added.get(target, 0):4} new, {total:4} files, {size / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
