"""Tables of the directory.

Texts people read are stored per language (``*_de`` required, ``*_en`` optional and
falling back to German). ``search_text`` holds a folded copy of the searchable texts so
that a search ignores case and umlaut spelling on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base, Timestamps, UUIDPrimaryKey, one_of


class OrganisationKind(StrEnum):
    centre = "centre"
    ministry = "ministry"
    police = "police"
    intelligence_service = "intelligence_service"
    association = "association"
    programme = "programme"
    working_group = "working_group"
    network = "network"
    municipality = "municipality"
    agency = "agency"


class RelationKind(StrEnum):
    member_of = "member_of"
    part_of = "part_of"
    runs = "runs"
    funds = "funds"
    integrated_in = "integrated_in"


class ResponsibilityRole(StrEnum):
    formal = "formal"
    lead = "lead"
    shared_lead = "shared_lead"
    support = "support"


class ChannelKind(StrEnum):
    postal_address = "postal_address"
    visiting_address = "visiting_address"
    email = "email"
    phone = "phone"
    fax = "fax"
    web_form = "web_form"
    website = "website"


class Visibility(StrEnum):
    public = "public"
    partners = "partners"
    internal = "internal"


class Organisation(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(one_of("kind", OrganisationKind), name="kind"),
        Index("ix_organisations_sort", "sort_key", "id"),
        # Search is ``search_text LIKE '%folded%'``; trigrams let PostgreSQL find the rows
        # without reading every one. SQLite reads them all (its directories are small).
        Index(
            "ix_organisations_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_de: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    description_de: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str | None] = mapped_column(String(12), index=True)
    website: Mapped[str | None] = mapped_column(String(500))
    founded: Mapped[int | None] = mapped_column(Integer)
    founded_by_de: Mapped[str | None] = mapped_column(String(300))
    founded_by_en: Mapped[str | None] = mapped_column(String(300))
    assured_at: Mapped[datetime | None]
    sort_key: Mapped[str] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    parent: Mapped[Organisation | None] = relationship(remote_side="Organisation.id", lazy="raise")
    contact_channels: Mapped[list[ContactChannel]] = relationship(
        back_populates="organisation",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="(ContactChannel.position, ContactChannel.id)",
    )
    responsibilities: Mapped[list[Responsibility]] = relationship(
        back_populates="organisation", lazy="raise", cascade="all, delete-orphan"
    )
    outgoing_relations: Mapped[list[Relation]] = relationship(
        foreign_keys="Relation.subject_id",
        back_populates="subject",
        lazy="raise",
        cascade="all, delete-orphan",
    )
    incoming_relations: Mapped[list[Relation]] = relationship(
        foreign_keys="Relation.object_id",
        back_populates="object",
        lazy="raise",
        cascade="all, delete-orphan",
    )


class Relation(UUIDPrimaryKey, Base):
    """A directed fact "subject kind object", read as "MI member_of KIP NI"."""

    __tablename__ = "organisation_relations"
    __table_args__ = (
        UniqueConstraint("subject_id", "kind", "object_id"),
        CheckConstraint(one_of("kind", RelationKind), name="kind"),
        CheckConstraint("subject_id <> object_id", name="not_self"),
    )

    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    object_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    subject: Mapped[Organisation] = relationship(
        foreign_keys=[subject_id], back_populates="outgoing_relations", lazy="raise"
    )
    object: Mapped[Organisation] = relationship(
        foreign_keys=[object_id], back_populates="incoming_relations", lazy="raise"
    )


class Topic(UUIDPrimaryKey, Base):
    __tablename__ = "topics"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_de: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    description_de: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)


class Responsibility(UUIDPrimaryKey, Base):
    __tablename__ = "responsibilities"
    __table_args__ = (
        UniqueConstraint("topic_id", "organisation_id", "role", "region"),
        CheckConstraint(one_of("role", ResponsibilityRole), name="role"),
    )

    topic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(12))
    description_de: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    topic: Mapped[Topic] = relationship(lazy="raise")
    organisation: Mapped[Organisation] = relationship(back_populates="responsibilities", lazy="raise")


class ContactChannel(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "contact_channels"
    __table_args__ = (
        CheckConstraint(one_of("kind", ChannelKind), name="kind"),
        CheckConstraint(one_of("visibility", Visibility), name="visibility"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    label_de: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(500))
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.public.value)
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    opening_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    organisation: Mapped[Organisation] = relationship(back_populates="contact_channels", lazy="raise")


class DirectoryState(Base):
    """A single row whose ``version`` grows with every directory write.

    Cached public pages are keyed by this number, so a write anywhere makes every
    worker drop its pages (see ``api.directory.cache``).
    """

    __tablename__ = "directory_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)
