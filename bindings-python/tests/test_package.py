"""The package as users see it: the stubs cover every public name, the example runs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import offsession
from conftest import REPO, sim_binary

STUB = Path(offsession.__file__).with_name("_native.pyi")


def stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):  # an alias: `PermissionError = PermissionDeniedError`
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def typed_dicts() -> set[str]:
    """The stubs' TypedDicts: parameter shapes, plain dicts at run time (no class to stub)."""
    tree = ast.parse(STUB.read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "TypedDict" for b in node.bases)
    }


def test_the_stubs_cover_every_public_name() -> None:
    from offsession import _native

    declared = stub_names()
    public = {name for name in dir(_native) if not name.startswith("_")} | {"__version__"}
    missing = sorted(public - declared)
    assert not missing, f"names without a stub: {missing}"
    exported = set(offsession.__all__) - {"ChargeOutcome"}
    assert exported <= declared | {"__version__"}, sorted(exported - declared)
    stray = sorted(n for n in declared if n[0].isupper() and n not in public and n not in typed_dicts())
    assert not stray, f"stubs for names the module does not have: {stray}"
    # Every TypedDict of the stubs is exported, as the dict it makes.
    assert typed_dicts() <= set(offsession.__all__)
    assert offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid") == {
        "product_name": "T-shirt", "success_url": "https://example.com/paid"
    }


def test_the_generated_parameter_stubs_are_what_the_stubs_use() -> None:
    """``_params.pyi`` ships in the package, and ``_native.pyi`` types the calls with it."""
    params = STUB.with_name("_params.pyi")
    assert params.exists()
    text = STUB.read_text()
    for name in ["CreateCustomer", "UpdateCustomer", "CreateCheckoutSession", "CreatePaymentIntent", "SetupSessionData"]:
        assert f"Unpack[{name}]" in text or f"Optional[{name}]" in text, name
        assert f"class {name}(TypedDict" in params.read_text(), name


def test_the_package_is_typed() -> None:
    assert Path(offsession.__file__).with_name("py.typed").exists()


def test_importing_does_not_import_asyncio() -> None:
    code = "import sys, offsession; print('asyncio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_example_runs_the_whole_flow_on_the_simulator() -> None:
    env = {**os.environ, "OFFSESSION_SIM_BIN": str(sim_binary())}
    env.pop("STRIPE_SECRET_KEY", None)
    out = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "future_payments.py")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for expected in [
        "customer created",
        "charged 10.99 USD off-session   pi_",
        "charge declined                 HTTP 402 card_error code=card_declined decline_code=generic_decline",
        "send the customer to http://127.0.0.1:",
        "customer paid the recovery page (simulated page, test card pm_card_visa)",
        "recovery completed              pi_",
        "declined payment intent closed  pi_",
        "status=canceled",
        "charged the recovered card      pi_",
        "default payment method set      pm_",
        "saved cards listed              ",
        "2 charges succeeded, 1 declined and recovered",
    ]:
        assert expected in out.stdout, out.stdout
