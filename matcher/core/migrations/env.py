"""Alembic environment: runs on the connection handed over by `matcher.core.db.migrate`.

Batch mode keeps ALTERs working on SQLite; the same revisions serve PostgreSQL.
"""

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine
from sqlmodel.sql.sqltypes import AutoString

from matcher.core import models

target_metadata = models.metadata
config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types: revisions must not import today's models."""
    if type_ == "type" and isinstance(obj, models.UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # `alembic -x url=...` from a developer's shell, e.g. for autogenerate
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.sqlite")
    with create_engine(url).begin() as conn:
        run(conn)
