"""The Python runner of the shared conformance cases (tests/conformance/README.md).

Each step maps onto the idiomatic Python API, with the blocking ``Client`` or the asyncio
``AsyncClient``. Anything the runner cannot express raises, so the case fails.
"""

from __future__ import annotations

import inspect
import time
import urllib.parse
from typing import Any, Callable, Dict, List, Optional, Tuple

import offsession

from conftest import Sim

Json = Any

DEFAULT_SETTINGS: Dict[str, Any] = {"api_key": "sk_test_conformance", "max_retries": 2}


class CaseError(AssertionError):
    """A step failed or could not be expressed."""


def get_path(value: Json, path: str) -> Tuple[bool, Json]:
    if path == "":
        return True, value
    current = value
    for segment in path.split("."):
        if isinstance(current, dict) and segment in current:
            current = current[segment]
        elif isinstance(current, list) and segment.isdigit() and int(segment) < len(current):
            current = current[int(segment)]
        else:
            return False, None
    return True, current


def resolve(value: Json, bindings: Dict[str, Json]) -> Json:
    if isinstance(value, str) and value.startswith("$"):
        name, _, path = value[1:].partition(".")
        if name not in bindings:
            raise CaseError(f"{value}: nothing is bound to {name!r}")
        found, result = get_path(bindings[name], path)
        if not found:
            raise CaseError(f"{value}: no value at {path!r}")
        return result
    if isinstance(value, list):
        return [resolve(item, bindings) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, bindings) for key, item in value.items()}
    return value


def check(matchers: Dict[str, Json], result: Json, bindings: Dict[str, Json]) -> None:
    for path, matcher in matchers.items():
        if not isinstance(matcher, dict) or len(matcher) != 1:
            raise CaseError(f"{path}: a matcher is an object with one key, got {matcher!r}")
        ((kind, expected),) = matcher.items()
        expected = resolve(expected, bindings)
        found, actual = get_path(result, path)
        present = found and actual is not None
        if kind == "equals":
            ok = (found and actual == expected and type(actual) is type(expected)) or (
                expected is None and not present
            )
            if found and isinstance(expected, bool) != isinstance(actual, bool):
                ok = False
        elif kind == "prefix":
            ok = isinstance(actual, str) and actual.startswith(expected)
        elif kind == "contains":
            ok = isinstance(actual, str) and expected in actual
        elif kind == "present":
            ok = present == expected
        elif kind == "absent":
            ok = (not present) == expected
        elif kind == "count":
            ok = isinstance(actual, list) and len(actual) == expected
        elif kind == "at_least":
            ok = isinstance(actual, (int, float)) and actual >= expected
        else:
            raise CaseError(f"unknown matcher {kind!r}")
        if not ok:
            raise CaseError(f"{path!r}: expected {kind} {expected!r}, found {actual!r}\n  in {result!r}")


def error_shape(error: offsession.StripeError) -> Json:
    return {
        "kind": error.kind,
        "code": error.code,
        "decline_code": error.decline_code,
        "param": error.param,
        "http_status": error.http_status,
        "request_id": error.request_id,
        "message": error.message,
        "idempotency_key": error.idempotency_key,
        "payment_intent": error.payment_intent.to_dict() if error.payment_intent else None,
    }


def allow(args: Dict[str, Json], *known: str) -> Dict[str, Json]:
    unknown = set(args) - set(known)
    if unknown:
        raise CaseError(f"unknown arguments {sorted(unknown)}")
    return args


def build_client(settings: Dict[str, Any], asyncio_mode: bool) -> Any:
    options: Dict[str, Any] = {
        "base_url": settings["base_url"],
        "max_retries": settings["max_retries"],
    }
    if "timeout_ms" in settings:
        options["timeout"] = settings["timeout_ms"] / 1000
    if settings.get("stripe_account"):
        options["stripe_account"] = settings["stripe_account"]
    if settings.get("headers"):
        options["headers"] = settings["headers"]
    kind = offsession.AsyncClient if asyncio_mode else offsession.Client
    return kind(settings["api_key"], **options)


def returned(obj: offsession.StripeObject) -> Json:
    """An object a call returned: Stripe's JSON plus its ``last_response`` (see the README)."""
    shape = obj.to_dict()
    if obj.last_response is not None:
        shape["last_response"] = obj.last_response.to_dict()
    return shape


def sdk_call(client: Any, name: str, args: Dict[str, Json]) -> Tuple[Any, Callable[[Any], Json]]:
    """Starts one SDK call: returns its result (or awaitable) and how to render it as JSON.
    Resource calls render with ``returned``; flow results' ``to_dict()`` is already the shared
    shape, with ``last_response`` on the objects they returned."""
    as_dict: Callable[[Any], Json] = returned
    flow_dict: Callable[[Any], Json] = lambda result: result.to_dict()
    if name == "create_customer":
        allow(args, "email", "name", "description", "metadata", "idempotency_key")
        return client.customers.create(**args), as_dict
    if name == "retrieve_customer":
        allow(args, "id")
        return client.customers.retrieve(args["id"]), as_dict
    if name == "create_checkout_session":
        allow(args, "mode", "currency", "customer", "customer_email", "success_url", "cancel_url", "metadata", "line_items", "idempotency_key")
        return client.checkout_sessions.create(**args), as_dict
    if name == "retrieve_checkout_session":
        allow(args, "id", "expand")
        return client.checkout_sessions.retrieve(args["id"], expand=args.get("expand")), as_dict
    if name == "retrieve_setup_intent":
        allow(args, "id", "expand")
        return client.setup_intents.retrieve(args["id"], expand=args.get("expand")), as_dict
    if name == "retrieve_payment_method":
        allow(args, "id")
        return client.payment_methods.retrieve(args["id"]), as_dict
    if name == "attach_payment_method":
        allow(args, "id", "customer", "idempotency_key")
        rest = {k: v for k, v in args.items() if k != "id"}
        return client.payment_methods.attach(args["id"], **rest), as_dict
    if name == "create_payment_intent":
        allow(args, "amount", "currency", "customer", "payment_method", "off_session", "confirm", "description", "metadata", "idempotency_key")
        return client.payment_intents.create(**args), as_dict
    if name == "retrieve_payment_intent":
        allow(args, "id", "expand")
        return client.payment_intents.retrieve(args["id"], expand=args.get("expand")), as_dict
    if name == "cancel_payment_intent":
        allow(args, "id", "cancellation_reason", "idempotency_key")
        rest = {k: v for k, v in args.items() if k != "id"}
        return client.payment_intents.cancel(args["id"], **rest), as_dict
    if name == "complete_recovery":
        allow(args, "session_id")
        return client.complete_recovery(args["session_id"]), flow_dict
    if name == "start_setup":
        allow(args, "currency", "success_url", "cancel_url", "customer", "new_customer", "metadata", "idempotency_key")
        return client.start_setup(**args), flow_dict
    if name == "complete_setup":
        allow(args, "session_id", "customer")
        return client.complete_setup(args["session_id"], customer=args.get("customer")), flow_dict
    if name == "complete_setup_from_event":
        allow(args, "event", "customer")
        event = args["event"]
        if not isinstance(event, offsession.Event):
            raise CaseError("complete_setup_from_event needs a verified event bound with `as`")
        return client.complete_setup_from_event(event, customer=args.get("customer")), flow_dict
    if name == "charge_off_session":
        allow(args, "customer", "payment_method", "amount", "currency", "description", "metadata", "idempotency_key", "recovery")
        recovery = allow(
            dict(args["recovery"]), "product_name", "success_url", "cancel_url", "save_payment_method", "expires_at", "client_reference_id"
        )
        rest = {k: v for k, v in args.items() if k != "recovery"}
        return client.charge_off_session(recovery=offsession.Recovery(**recovery), **rest), flow_dict
    if name == "verify_webhook":
        allow(args, "payload", "signature_header", "secret", "tolerance")
        event = offsession.Webhook.construct_event(
            args["payload"].encode(), args["signature_header"], args["secret"], args.get("tolerance", 300)
        )
        # Kept as the typed Event (complete_setup_from_event takes it) and rendered for matchers.
        return event, lambda e: _EventBinding(e)
    raise CaseError(f"the Python runner has no call {name!r}")


class _EventBinding(dict):  # type: ignore[type-arg]
    """An event's JSON for matchers that also remembers the typed Event for later steps."""

    def __init__(self, event: offsession.Event) -> None:
        super().__init__(event.to_dict())
        self.event = event


def sim_step(sim: Sim, name: str, args: Dict[str, Json]) -> Json:
    if name == "complete_session":
        allow(args, "session", "payment_method", "email", "name")
        body = {k: v for k, v in args.items() if k != "session"}
        status, result = sim.control("POST", f"/_sim/checkout/sessions/{args['session']}/complete", body)
    elif name == "fault":
        allow(args, "method", "path", "kind", "count", "delay_ms")
        status, result = sim.control("POST", "/_sim/faults", args)
    elif name == "webhook_endpoint":
        allow(args, "secret", "url")
        status, result = sim.control("POST", "/_sim/webhook_endpoints", args)
    elif name == "events":
        allow(args, "type")
        query = "?type=" + urllib.parse.quote(args["type"]) if "type" in args else ""
        status, result = sim.control("GET", f"/_sim/events{query}")
    elif name == "sign_webhook":
        allow(args, "payload", "secrets", "timestamp_offset")
        body = {
            "payload": args["payload"],
            "secrets": args.get("secrets", []),
            "timestamp": int(time.time()) + args.get("timestamp_offset", 0),
        }
        status, result = sim.control("POST", "/_sim/webhooks/sign", body)
    elif name == "requests":
        allow(args, "method", "path")
        status, result = sim.control("GET", "/_sim/requests")
        result["data"] = [
            entry
            for entry in result["data"]
            if ("method" not in args or entry["method"] == args["method"])
            and ("path" not in args or entry["path"].startswith(args["path"]))
        ]
    elif name == "expire_idempotency_keys":
        allow(args)
        status, result = sim.control("POST", "/_sim/idempotency/expire")
    elif name == "objects":
        allow(args, "kind")
        status, result = sim.control("GET", f"/_sim/objects/{args['kind']}")
    else:
        raise CaseError(f"unknown sim step {name!r}")
    if not 200 <= status < 300:
        return {"status": status, "error": result.get("error", result)}
    return result


def unwrap_events(value: Json) -> Json:
    """References to a bound event give back the typed Event (for complete_setup_from_event)."""
    if isinstance(value, _EventBinding):
        return value.event
    if isinstance(value, dict):
        return {k: unwrap_events(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_events(v) for v in value]
    return value


async def run_case(case: Json, sim: Sim, asyncio_mode: bool) -> None:
    settings = {**DEFAULT_SETTINGS, "base_url": sim.url}
    settings.update(allow(dict(case.get("client", {})), "api_key", "base_url", "max_retries", "timeout_ms", "stripe_account", "headers"))
    client = build_client(settings, asyncio_mode)
    bindings: Dict[str, Json] = {"sim": {"url": sim.url}}
    for number, step in enumerate(case["steps"], 1):
        allow(step, "do", "sim", "with", "as", "expect", "expect_error")
        label = step.get("do") or step.get("sim")
        try:
            args = unwrap_events(resolve(step.get("with", {}), bindings))
            if ("do" in step) == ("sim" in step):
                raise CaseError("a step needs exactly one of `do` and `sim`")
            if "sim" in step:
                result = sim_step(sim, step["sim"], args)
            elif step["do"] == "new_client":
                allow(args, "api_key", "base_url", "max_retries", "timeout_ms", "stripe_account", "headers")
                try:
                    candidate = {**settings, **args}
                    client = build_client(candidate, asyncio_mode)
                    settings = candidate
                    error: Optional[offsession.StripeError] = None
                except offsession.StripeError as raised:
                    error = raised
                result = {}
                if error is not None:
                    if "expect_error" not in step:
                        raise CaseError(f"unexpected error {error_shape(error)}")
                    check(step["expect_error"], error_shape(error), bindings)
                    continue
                if "expect_error" in step:
                    raise CaseError("expected an error, the client was built")
            else:
                try:
                    pending, render = sdk_call(client, step["do"], args)
                    value = (await pending) if inspect.isawaitable(pending) else pending
                except offsession.StripeError as raised:
                    if "expect_error" not in step:
                        raise CaseError(f"unexpected error {error_shape(raised)}") from raised
                    check(step["expect_error"], error_shape(raised), bindings)
                    continue
                if "expect_error" in step:
                    raise CaseError(f"expected an error, got {value!r}")
                result = render(value)
            if "as" in step:
                bindings[step["as"]] = result
            if "expect" in step:
                check(step["expect"], result, bindings)
        except CaseError as failure:
            raise CaseError(f"step {number} ({label}): {failure}") from None
