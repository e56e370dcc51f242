"""Roles and the scopes they grant. These names are part of the API and the CLI."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    partner = "partner"
    case_worker = "case_worker"
    coordinator = "coordinator"
    editor = "editor"
    admin = "admin"


class Scope(StrEnum):
    referrals_submit = "referrals:submit"
    referrals_read_own = "referrals:read-own"
    referrals_read_assigned = "referrals:read-assigned"
    referrals_update_assigned = "referrals:update-assigned"
    referrals_read_all = "referrals:read-all"
    referrals_triage = "referrals:triage"
    messages_read = "messages:read"
    stats_read = "stats:read"
    directory_write = "directory:write"
    users_manage = "users:manage"
    audit_read = "audit:read"


ALL_SCOPES = frozenset(Scope)

ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.partner: frozenset({Scope.referrals_submit, Scope.referrals_read_own}),
    Role.case_worker: frozenset({Scope.referrals_read_assigned, Scope.referrals_update_assigned}),
    Role.coordinator: frozenset(
        {Scope.referrals_read_all, Scope.referrals_triage, Scope.messages_read, Scope.stats_read}
    ),
    Role.editor: frozenset({Scope.directory_write, Scope.messages_read}),
    Role.admin: ALL_SCOPES,
}

# Partner systems act for their organisation; staff powers stay with people.
CLIENT_SCOPES = frozenset({Scope.referrals_submit, Scope.referrals_read_own, Scope.directory_write})

# One line each, as the OpenAPI document's OAuth2 scheme shows them.
SCOPE_DESCRIPTIONS: dict[Scope, str] = {
    Scope.referrals_submit: "Submit referrals for your organisation.",
    Scope.referrals_read_own: "Read your organisation's referrals (coarse status) and manage its webhooks.",
    Scope.referrals_read_assigned: "Read the referrals assigned to your programme.",
    Scope.referrals_update_assigned: "Take up and close the referrals assigned to your programme.",
    Scope.referrals_read_all: "Read every referral (case coordination).",
    Scope.referrals_triage: "Triage, assign and reject referrals (case coordination).",
    Scope.messages_read: "Read and file the contact messages sent to your organisation.",
    Scope.stats_read: "Read the anonymised referral statistics.",
    Scope.directory_write: "Change organisations, contact channels, responsibilities and relations.",
    Scope.users_manage: "Manage users, API clients, webhooks' deliveries and erasure.",
    Scope.audit_read: "Read the audit log.",
}
