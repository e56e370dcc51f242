"""The floor: bare FastAPI on uvicorn, answering the API's own bytes from memory.

``make bench`` fetches the hot list and the detail page from the real service, hands the
bytes to this app (``KIPNI_BENCH_BASELINE_DIR``) and drives both the same way. The
referral endpoint validates the same Pydantic model and answers 201 without a database:
what is left of the real endpoint's time is storage, sealing, auditing and idempotency.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Response

from api.referrals.models import Status
from api.referrals.schemas import ReferralCreate, ReferralReceipt


def create_app() -> FastAPI:
    folder = Path(os.environ["KIPNI_BENCH_BASELINE_DIR"])
    list_body = (folder / "list.json").read_bytes()
    detail_body = (folder / "detail.json").read_bytes()
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/api/v1/organisations")
    async def list_organisations() -> Response:
        return Response(list_body, media_type="application/json")

    @app.get("/api/v1/organisations/{slug}")
    async def get_organisation(slug: str) -> Response:
        return Response(detail_body, media_type="application/json")

    @app.post("/api/v1/referrals", status_code=201)
    async def submit_referral(body: ReferralCreate) -> Response:
        receipt = ReferralReceipt(
            id=uuid.uuid4(),
            reference="KIP-2026-000001",
            status=Status.received,
            urgency=body.urgency,
            created_at=datetime.now(UTC),
        )
        return Response(receipt.model_dump_json(), status_code=201, media_type="application/json")

    return app
