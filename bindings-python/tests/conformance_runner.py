"""The Python runner of the shared conformance cases (tests/conformance/README.md).

Each step maps onto the idiomatic Python API, with the blocking ``Client`` or the asyncio
``AsyncClient``. Anything the runner cannot express raises, so the case fails.
"""

from __future__ import annotations

import inspect
import time
import urllib.parse
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple, Union

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


def python_options(args: Dict[str, Json]) -> Dict[str, Json]:
    """The case format's ``timeout_ms`` as Python's ``timeout`` in seconds; everything else is
    passed as the keyword argument of the same name."""
    converted = dict(args)
    if "timeout_ms" in converted:
        milliseconds = converted.pop("timeout_ms")
        converted["timeout"] = milliseconds / 1000 if isinstance(milliseconds, int) and not isinstance(milliseconds, bool) else milliseconds
    return converted


def build_client(settings: Dict[str, Any], asyncio_mode: bool) -> Any:
    """A client from the case's settings, passed as keyword arguments as a user would."""
    options = python_options({k: v for k, v in settings.items() if k != "api_key"})
    kind = offsession.AsyncClient if asyncio_mode else offsession.Client
    return kind(settings["api_key"], **options)


def returned(obj: offsession.StripeObject) -> Json:
    """An object a call returned: Stripe's JSON plus its ``last_response`` (see the README)."""
    shape = obj.to_dict()
    if obj.last_response is not None:
        shape["last_response"] = obj.last_response.to_dict()
    return shape


def as_json(value: Any) -> Json:
    """A raw request's answer: an object with its ``last_response``, or the plain value."""
    return returned(value) if isinstance(value, offsession.StripeObject) else value


# Resource calls: the call's name → the namespace and method, and whether the step's `id` is
# the method's first argument.
RESOURCE_CALLS: Dict[str, Tuple[str, str, bool]] = {
    "create_customer": ("customers", "create", False),
    "retrieve_customer": ("customers", "retrieve", True),
    "update_customer": ("customers", "update", True),
    "list_payment_methods": ("customers", "list_payment_methods", True),
    "create_checkout_session": ("checkout_sessions", "create", False),
    "retrieve_checkout_session": ("checkout_sessions", "retrieve", True),
    "expire_checkout_session": ("checkout_sessions", "expire", True),
    "retrieve_setup_intent": ("setup_intents", "retrieve", True),
    "retrieve_payment_method": ("payment_methods", "retrieve", True),
    "attach_payment_method": ("payment_methods", "attach", True),
    "detach_payment_method": ("payment_methods", "detach", True),
    "create_payment_intent": ("payment_intents", "create", False),
    "retrieve_payment_intent": ("payment_intents", "retrieve", True),
    "cancel_payment_intent": ("payment_intents", "cancel", True),
}


async def walk(page: Any, asyncio_mode: bool) -> Json:
    """Every object of a list, page after page: ``async for`` with the AsyncClient, ``for``
    with the Client."""
    iterator = page.auto_paging_iter()
    if asyncio_mode:
        return {"data": [item.to_dict() async for item in iterator]}
    return {"data": [item.to_dict() for item in iterator]}


def sdk_call(client: Any, name: str, args: Dict[str, Json]) -> Tuple[Any, Union[Callable[[Any], Json], _Deferred]]:
    """Starts one SDK call: returns its result (or awaitable) and how to render it as JSON.

    Arguments reach the binding as a user passes them: the step's ``id`` positionally, every
    other argument (Stripe's parameters and the request options) as keyword arguments, with the
    case format's ``timeout_ms`` as ``timeout`` in seconds. Resource calls render with
    ``returned``; flow results' ``to_dict()`` is already the shared shape, with
    ``last_response`` on the objects they returned."""
    flow_dict: Callable[[Any], Json] = lambda result: result.to_dict()
    args = python_options(args)
    if name in RESOURCE_CALLS:
        namespace, method, takes_id = RESOURCE_CALLS[name]
        call = getattr(getattr(client, namespace), method)
        if takes_id:
            rest = {k: v for k, v in args.items() if k != "id"}
            return call(args.get("id"), **rest), returned
        return call(**args), returned
    if name == "list_all_payment_methods":
        rest = {k: v for k, v in args.items() if k != "id"}
        asyncio_mode = isinstance(client, offsession.AsyncClient)
        return client.customers.list_payment_methods(args.get("id"), **rest), _Deferred(lambda page: walk(page, asyncio_mode))
    if name == "raw_request":
        rest = {k: v for k, v in args.items() if k not in ("method", "path", "params")}
        return client.raw_request(args.get("method"), args.get("path"), args.get("params"), **rest), as_json
    if name in ("start_setup", "charge_off_session"):
        return getattr(client, name)(**args), flow_dict
    if name in ("complete_setup", "complete_recovery"):
        rest = {k: v for k, v in args.items() if k != "session_id"}
        return getattr(client, name)(args.get("session_id"), **rest), flow_dict
    if name == "complete_setup_from_event":
        rest = {k: v for k, v in args.items() if k != "event"}
        event = args.get("event")
        if not isinstance(event, offsession.Event):
            raise CaseError("complete_setup_from_event needs a verified event bound with `as`")
        return client.complete_setup_from_event(event, **rest), flow_dict
    if name == "verify_webhook":
        allow(args, "payload", "signature_header", "secret", "tolerance")
        event = offsession.Webhook.construct_event(
            args["payload"].encode(), args["signature_header"], args["secret"], args.get("tolerance", 300)
        )
        # Kept as the typed Event (complete_setup_from_event takes it) and rendered for matchers.
        return event, lambda e: _EventBinding(e)
    raise CaseError(f"the Python runner has no call {name!r}")


class _Deferred:
    """A rendering that makes calls of its own (walking the pages after the first)."""

    def __init__(self, render: Callable[[Any], Awaitable[Json]]) -> None:
        self.render = render


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
                if isinstance(render, _Deferred):
                    try:
                        result = await render.render(value)
                    except offsession.StripeError as raised:
                        if "expect_error" not in step:
                            raise CaseError(f"unexpected error {error_shape(raised)}") from raised
                        check(step["expect_error"], error_shape(raised), bindings)
                        continue
                else:
                    result = render(value)
            if "as" in step:
                bindings[step["as"]] = result
            if "expect" in step:
                check(step["expect"], result, bindings)
        except CaseError as failure:
            raise CaseError(f"step {number} ({label}): {failure}") from None
