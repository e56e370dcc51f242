"""Prometheus metrics of the HTTP layer, labelled by route template (never raw paths)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter("kipni_http_requests_total", "HTTP requests answered.", ["method", "route", "status"])
LATENCY = Histogram(
    "kipni_http_request_duration_seconds",
    "Time from request to the start of the response.",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST


TOKENS_REFUSED = Counter("kipni_tokens_refused_total", "Bearer tokens refused (invalid, expired, revoked).")
SUBMISSION_BATCHES = Histogram(
    "kipni_referral_batch_size",
    "Referral submissions stored per transaction (the intake's group commit).",
    buckets=(1, 2, 4, 8, 16, 32, 64),
)
