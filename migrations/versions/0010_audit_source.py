"""Where each audit entry's change came from: the staff pages ("web") or the API ("api").

Revision ID: 0010_audit_source
Revises: 0009_api_token_families
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_audit_source"
down_revision = "0009_api_token_families"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=8), nullable=False, server_default="web")
        )


def downgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("source")
