"""user sign-out time: a sign-out ends every session of the user whose identity token is older

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Issue 11 (written by hand). Streamlit's sign-in cookie is a signed token, not a server-side session: a copy taken
before sign-out would stay valid. The app records the time of each user's last sign-out and treats every request
whose identity token was issued (`iat`) at or before it as signed out.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("signed_out_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("signed_out_at")
