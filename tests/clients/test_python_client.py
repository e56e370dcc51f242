"""A Python client made by openapi-python-client from the served document works as it is.

Every call below goes through the generated package only, over HTTP to a real server, as
a partner system's code would.
"""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from tests.clients.generators import Generated, generate_python, generated_module, import_generated
from tests.clients.served import PartnerClient, Served


@dataclass(frozen=True)
class Sdk:
    """The generated package, with a shorthand for its operations and models."""

    package: ModuleType
    generated: Generated
    base_url: str

    def operation(self, tag: str, name: str) -> Callable[..., Any]:
        module = generated_module(self.package, f"api.{tag}.{tag}_{name}")
        function: Callable[..., Any] = module.sync_detailed
        return function

    def model(self, name: str) -> Any:
        return getattr(generated_module(self.package, "models"), name)

    def anonymous(self) -> Any:
        return self.package.Client(base_url=self.base_url)

    def signed_in(self, partner: PartnerClient) -> Any:
        token = self.operation("auth", "issue_token")(
            client=self.anonymous(),
            body=self.model("BodyAuthIssueToken")(
                grant_type="client_credentials",
                client_id=partner.client_id,
                client_secret=partner.client_secret,
            ),
        )
        assert token.status_code == 200, token.content
        return self.package.AuthenticatedClient(base_url=self.base_url, token=token.parsed.access_token)

    def referral(self, **consent: bool) -> Any:
        return self.model("ReferralCreate").from_dict(
            {
                "subject": {"pseudonym": "K-17", "municipality": "Celle"},
                "concern": "Shares propaganda videos in class and has withdrawn from friends.",
                "urgency": "routine",
                "consent": {"person_informed": True, "consent_given": True, **consent},
                "contact_person": {"name": "A. Teacher", "email": "teacher@school.example"},
            }
        )

    def submit(self, client: Any, key: str, body: Any | None = None) -> Any:
        submit = self.operation("referrals", "submit_referral")
        return submit(client=client, body=body or self.referral(), idempotency_key=key)


@pytest.fixture(scope="module")
def sdk(served: Served, backend: str, tmp_path_factory: pytest.TempPathFactory) -> Sdk:
    generated = generate_python(
        served.openapi_url, tmp_path_factory.mktemp("python-client"), f"kipni_{backend}"
    )
    return Sdk(package=import_generated(generated), generated=generated, base_url=served.base_url)


def test_the_generator_reports_no_warning(sdk: Sdk) -> None:
    assert not re.search(r"warning|skipping", sdk.generated.output, re.IGNORECASE), sdk.generated.output


def test_every_error_answer_of_every_operation_is_parsed_as_problem(sdk: Sdk) -> None:
    unparsed = []
    for path in sorted((sdk.generated.path / "api").rglob("*.py")):
        source = path.read_text()
        for status, body in re.findall(r"response\.status_code == (\d+):\n(.*?)\n\n", source, re.DOTALL):
            if int(status) >= 400 and "Problem.from_dict" not in body:
                unparsed.append(f"{path.stem} {status}")
    assert unparsed == []


def test_the_idempotency_key_is_a_required_argument(sdk: Sdk) -> None:
    parameter = inspect.signature(sdk.operation("referrals", "submit_referral")).parameters["idempotency_key"]

    assert parameter.default is inspect.Parameter.empty


def test_pages_through_the_directory_by_cursor(sdk: Sdk) -> None:
    list_organisations = sdk.operation("directory", "list_organisations")
    slugs: list[str] = []
    cursor: Any = None
    pages = 0
    while True:
        page = list_organisations(client=sdk.anonymous(), limit=4, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200
        slugs += [organisation.slug for organisation in page.parsed.items]
        pages += 1
        cursor = page.parsed.next_cursor
        if not isinstance(cursor, str):
            break

    assert pages >= 3
    assert len(set(slugs)) == len(slugs) > 8
    assert "kip-ni" in slugs


def test_looks_an_organisation_up(sdk: Sdk) -> None:
    found = sdk.operation("directory", "get_organisation")(client=sdk.anonymous(), slug="kip-ni")

    assert isinstance(found.parsed, sdk.model("OrganisationOut"))
    assert found.parsed.short_name == "KIP NI"
    assert found.headers["ETag"]


def test_an_unknown_organisation_is_a_problem(sdk: Sdk) -> None:
    missing = sdk.operation("directory", "get_organisation")(client=sdk.anonymous(), slug="nobody")

    assert missing.status_code == 404
    assert isinstance(missing.parsed, sdk.model("Problem"))
    assert missing.parsed.type_ == "/problems/not-found"


def test_searches_with_an_umlaut(sdk: Sdk) -> None:
    page = sdk.operation("directory", "list_organisations")(client=sdk.anonymous(), q="Prävention")

    assert "kip-ni" in [organisation.slug for organisation in page.parsed.items]


def test_a_partner_system_gets_a_token_with_client_credentials(sdk: Sdk, served: Served) -> None:
    client = sdk.signed_in(served.partner)
    me = sdk.operation("auth", "me")(client=client)

    assert me.parsed.kind == sdk.model("MeResponseKind")("client")
    assert set(me.parsed.scopes) == {"referrals:submit", "referrals:read-own"}


def test_wrong_client_credentials_are_a_problem(sdk: Sdk, served: Served) -> None:
    refused = sdk.operation("auth", "issue_token")(
        client=sdk.anonymous(),
        body=sdk.model("BodyAuthIssueToken")(
            grant_type="client_credentials", client_id=served.partner.client_id, client_secret="wrong"
        ),
    )

    assert refused.status_code in {400, 401}
    assert isinstance(refused.parsed, sdk.model("Problem"))


def test_submits_with_a_key_and_reads_the_coarse_status(sdk: Sdk, served: Served) -> None:
    client = sdk.signed_in(served.partner)

    created = sdk.submit(client, str(uuid.uuid4()))
    read = sdk.operation("referrals", "get_referral")(client=client, referral_id=created.parsed.id)

    assert created.status_code == 201
    assert isinstance(created.parsed, sdk.model("ReferralReceipt"))
    assert re.fullmatch(r"KIP-\d{4}-\d{6}", created.parsed.reference)
    assert created.headers["Location"] == f"/api/v1/referrals/{created.parsed.id}"
    assert read.parsed.reference == created.parsed.reference
    assert str(read.parsed.status) == "received"


def test_replaying_the_key_gives_the_first_answer(sdk: Sdk, served: Served) -> None:
    client = sdk.signed_in(served.partner)
    key = str(uuid.uuid4())

    first = sdk.submit(client, key)
    replay = sdk.submit(client, key)

    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.parsed.id == first.parsed.id


def test_invalid_input_is_a_problem_listing_the_errors(sdk: Sdk, served: Served) -> None:
    client = sdk.signed_in(served.partner)

    refused = sdk.submit(client, str(uuid.uuid4()), sdk.referral(person_informed=False, consent_given=False))

    assert refused.status_code == 422
    assert isinstance(refused.parsed, sdk.model("Problem"))
    assert refused.parsed.type_ == "/problems/validation-error"
    assert any("consent" in item.loc for item in refused.parsed.errors)


def test_another_partners_referral_is_a_404_problem(sdk: Sdk, served: Served) -> None:
    created = sdk.submit(sdk.signed_in(served.partner), str(uuid.uuid4()))

    seen = sdk.operation("referrals", "get_referral")(
        client=sdk.signed_in(served.other_partner), referral_id=created.parsed.id
    )

    assert seen.status_code == 404
    assert isinstance(seen.parsed, sdk.model("Problem"))
    assert seen.parsed.status == 404
