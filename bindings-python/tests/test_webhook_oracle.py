"""Webhook verification against the oracle: stripe-python's own `Webhook.construct_event`.

Every case of tests/webhook-oracle/headers.json (its README describes the recipes) is built at run
time and handed, identically, to the official library and to offsession; the verdicts must be the
recorded ones, and an accepted event must have the same id in both. The official library is a
hard requirement (bindings-python/requirements-dev.txt): without it this module fails to import.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from pathlib import Path
from typing import Any, Optional, Union

import pytest
import stripe

import offsession

CASES_FILE = Path(__file__).resolve().parents[2] / "tests" / "webhook-oracle" / "headers.json"
ORACLE: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = ORACLE["cases"]
PLACEHOLDER = re.compile(r"\{(t|sig|SIG|sig_old|sig_tampered|pad:\d+)([+-]\d+)?\}")
ACCEPTED, REFUSED = "accepted", "refused"


def sign(secret: str, signed_t: str, payload: str) -> str:
    message = f"{signed_t}.{payload}".encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def fill(template: str, case: dict[str, Any], now: int, signed_t: Optional[str] = None) -> str:
    """The README's placeholder rules; `signed_t` is None while filling `signed_t` itself."""
    t = now + int(case.get("timestamp", 0))
    secret = case.get("secret", ORACLE["secret"])
    signed_payload = case.get("signed_payload", case.get("payload", ORACLE["payload"]))

    def one(match: re.Match[str]) -> str:
        name, offset = match.group(1), match.group(2)
        if name == "t":
            return str(t + int(offset or 0))
        if name.startswith("pad:"):
            return "a" * int(name[4:])
        assert signed_t is not None, f"{name} inside signed_t"
        if name == "sig_old":
            return sign(ORACLE["old_secret"], signed_t, signed_payload)
        sig = sign(case.get("signing_secret", secret), signed_t, signed_payload)
        if name == "SIG":
            return sig.upper()
        if name == "sig_tampered":
            return sig[:-1] + ("1" if sig[-1] == "0" else "0")
        return sig

    return PLACEHOLDER.sub(one, template)


def official(payload: bytes, header: str, secret: str, tolerance: Optional[int]) -> tuple[str, Optional[str]]:
    try:
        if tolerance is None:
            event = stripe.Webhook.construct_event(payload, header, secret)
        else:
            event = stripe.Webhook.construct_event(payload, header, secret, tolerance)
    except Exception:  # whatever it raises (SignatureVerificationError, ValueError, TypeError) refuses
        return REFUSED, None
    event_id: Optional[str] = event.to_dict().get("id")  # a signed object without an id is accepted too
    return ACCEPTED, event_id


def ours(payload: bytes, header: str, secret: str, tolerance: Optional[int]) -> tuple[str, Optional[str]]:
    try:
        if tolerance is None:
            event = offsession.Webhook.construct_event(payload, header, secret)
        else:
            event = offsession.Webhook.construct_event(payload, header, secret, tolerance)
    except (offsession.SignatureVerificationError, offsession.InvalidInputError) as error:
        text = f"{error} {error!r} {error.message}"
        assert secret.strip() == "" or secret not in text, "the secret shows in the error"
        return REFUSED, None
    return ACCEPTED, event.id


def test_the_case_list_is_well_formed() -> None:
    assert len(CASES) >= 30
    names = [case["name"] for case in CASES]
    assert len(set(names)) == len(names)
    for case in CASES:
        verdicts: Union[str, dict[str, str]] = case["official"]
        if isinstance(verdicts, dict):
            assert set(verdicts) == {"python", "node"}, case["name"]
            assert "offsession" in case, f"{case['name']}: the libraries disagree, so say what offsession does"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_offsession_agrees_with_stripe_python(case: dict[str, Any]) -> None:
    now = int(time.time())
    payload = case.get("payload", ORACLE["payload"]).encode("utf-8")
    secret: str = case.get("secret", ORACLE["secret"])
    signed_t = fill(case.get("signed_t", "{t}"), case, now)
    header = fill(case["header"], case, now, signed_t)
    tolerance: Optional[int] = case.get("tolerance")

    verdicts = case["official"]
    expected_official = verdicts["python"] if isinstance(verdicts, dict) else verdicts
    expected_ours = case.get("offsession", expected_official)

    official_verdict, official_id = official(payload, header, secret, tolerance)
    our_verdict, our_id = ours(payload, header, secret, tolerance)
    assert official_verdict == expected_official, f"stripe-python {official_verdict} {header!r}"
    assert our_verdict == expected_ours, f"offsession {our_verdict}, stripe-python {official_verdict}: {header!r}"
    if official_verdict == our_verdict == ACCEPTED:
        assert our_id == official_id
