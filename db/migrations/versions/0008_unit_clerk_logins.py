"""a unit's serving clerks are database logins, and the database enforces them

``unitclerk(unit_id, login)`` replaces the free text ``unit.serving_clerks``: a
unit with no row is served by every clerk. The names stored before are brought
over: on PostgreSQL those that are login roles (exactly, or but for case) become
rows, the rest are reported (a warning in the log and an audit entry on the unit,
so that the administrator can set them again); on SQLite (one clerk, nothing is
limited) every name becomes a row.

On PostgreSQL the tables that belong to a unit get row-level security, enabled
and forced (the owner role is held to it too): every clerk reads every row; a
row is written only by a login the unit names among its serving clerks, by
anyone when it names no one, and by the administrator (a member of the
database's owner role). Audit rows and due-list marks must carry the writer's
own login. Only the administrator writes ``unitclerk`` and ``alembic_version``. The
functions the policies call are ``SECURITY DEFINER`` (owned by the role running this
migration: the owner) and read who acts from ``session_user``, which a clerk
cannot change (``SET ROLE`` changes ``current_user`` only).

The SQL is kept here, not imported from the application, so that this revision
always does what it did when it was written.

Revision ID: 0008
Revises: 0007
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

log = logging.getLogger("wrc.store")

_FUNCTIONS = """
CREATE FUNCTION wrc_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT pg_has_role(session_user, d.datdba, 'MEMBER')
    FROM pg_database d WHERE d.datname = current_database()
$$;
CREATE FUNCTION wrc_may_write(of_unit integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT of_unit IS NULL
        OR NOT EXISTS (SELECT 1 FROM unitclerk c WHERE c.unit_id = of_unit)
        OR EXISTS (SELECT 1 FROM unitclerk c WHERE c.unit_id = of_unit AND c.login = session_user)
        OR wrc_is_admin()
$$;
CREATE FUNCTION wrc_may_write_holder(of_holder integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT COALESCE((SELECT wrc_may_write(h.unit_id) FROM holder h WHERE h.id = of_holder), true)
$$;
CREATE FUNCTION wrc_may_write_permit(of_permit integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT COALESCE((SELECT wrc_may_write(p.unit_id) FROM permit p WHERE p.id = of_permit), true)
$$;
CREATE FUNCTION wrc_may_write_case(of_case integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT COALESCE((SELECT wrc_may_write(c.unit_id) FROM "case" c WHERE c.id = of_case), true)
$$;
CREATE FUNCTION wrc_may_write_entity(entity text, entity_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT CASE entity
        WHEN 'unit' THEN wrc_may_write(entity_id)
        WHEN 'holder' THEN wrc_may_write_holder(entity_id)
        WHEN 'warning' THEN wrc_may_write_holder(entity_id)
        WHEN 'permit' THEN wrc_may_write_permit(entity_id)
        WHEN 'case' THEN wrc_may_write_case(entity_id)
        ELSE true
    END
$$;
"""

# table → the condition a row must meet to be written (inserted, changed from and to, deleted)
_WRITE_CHECKS = {
    'unit': 'wrc_may_write(id)',
    'agent': 'wrc_may_write(unit_id)',
    'holder': 'wrc_may_write(unit_id)',
    'permit': 'wrc_may_write(unit_id)',
    'permitperiod': 'wrc_may_write_permit(permit_id)',
    'familymember': 'wrc_may_write_holder(holder_id)',
    'case': 'wrc_may_write(unit_id)',
    'caseitem': 'wrc_may_write_case(case_id)',
    'caseattachment': 'wrc_may_write_case(case_id)',
    'warningstate': 'wrc_may_write_holder(holder_id)',
    'auditentry': 'wrc_may_write_entity(entity, entity_id)',
    'unitclerk': 'wrc_is_admin()',
    'alembic_version': 'wrc_is_admin()',  # the schema's revision: the administrator's migrations
}
# rows that name who wrote them: a clerk writes them only under their own login
_SIGNED = {'warningstate': 'clerk', 'auditentry': 'clerk'}
_ADMIN_ONLY_CHANGES = {'auditentry'}  # the trail is appended to; undo deletes, nobody rewrites


def _policies(table: str) -> list[str]:
    check = _WRITE_CHECKS[table]
    insert_check = check
    if table in _SIGNED:
        insert_check = f"(wrc_is_admin() OR ({_SIGNED[table]} = session_user AND {check}))"
    update_check = 'wrc_is_admin()' if table in _ADMIN_ONLY_CHANGES else check
    quoted = f'"{table}"'
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY wrc_read ON {quoted} FOR SELECT USING (true)",
        f"CREATE POLICY wrc_insert ON {quoted} FOR INSERT WITH CHECK ({insert_check})",
        f"CREATE POLICY wrc_update ON {quoted} FOR UPDATE USING ({update_check}) WITH CHECK ({update_check})",
        f"CREATE POLICY wrc_delete ON {quoted} FOR DELETE USING ({check})",
    ]


def _parse(text: str | None) -> list[str]:
    for separator in (",", "，", "、", ";", "；"):
        text = (text or "").replace(separator, "\n")
    names: list[str] = []
    for name in (text or "").split("\n"):
        name = name.strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _logins(bind) -> dict[str, str] | None:
    """Login roles by exact and case-folded name (PostgreSQL); None on SQLite (no roles)."""
    if bind.dialect.name != 'postgresql':
        return None
    found: dict[str, str] = {}
    for (name,) in bind.execute(sa.text("SELECT rolname FROM pg_roles WHERE rolcanlogin")):
        found.setdefault(name.casefold(), name)
        found[name] = name
    return found


def _bring_names_over(bind) -> None:
    logins = _logins(bind)
    unit = sa.table('unit', sa.column('id', sa.Integer), sa.column('serving_clerks', sa.String))
    clerk = sa.table('unitclerk', sa.column('unit_id', sa.Integer), sa.column('login', sa.String))
    audit = sa.table(
        'auditentry',
        sa.column('at', sa.DateTime(timezone=True)),
        sa.column('entity', sa.String),
        sa.column('entity_id', sa.Integer),
        sa.column('action', sa.String),
        sa.column('field', sa.String),
        sa.column('old_value', sa.String),
        sa.column('new_value', sa.String),
        sa.column('note', sa.String),
    )
    rows = bind.execute(sa.select(unit.c.id, unit.c.serving_clerks).where(unit.c.serving_clerks != ''))
    for unit_id, stored in rows.all():
        names = _parse(stored)
        kept, dropped = [], []
        for name in names:
            login = name if logins is None else logins.get(name) or logins.get(name.casefold())
            (kept if login else dropped).append(login or name)
        for login in dict.fromkeys(kept):
            bind.execute(sa.insert(clerk).values(unit_id=unit_id, login=login))
        if dropped:
            log.warning(
                "unit %s: serving clerks that are not database logins were not brought over: %s",
                unit_id, "、".join(dropped),
            )
            bind.execute(sa.insert(audit).values(
                at=sa.func.now(), entity='unit', entity_id=unit_id, action='update',
                field='serving_clerks', old_value='、'.join(names), new_value='、'.join(kept),
                note='不是数据库登录名，未带入负责经办人：' + '、'.join(dropped) + '（请管理员重新设置）',
            ))  # fmt: skip


def upgrade() -> None:
    op.create_table(
        'unitclerk',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('unit.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('login', sa.String(), nullable=False),
        sa.UniqueConstraint('unit_id', 'login'),
    )  # fmt: skip
    op.create_index('ix_unitclerk_unit_id', 'unitclerk', ['unit_id'])
    bind = op.get_bind()
    _bring_names_over(bind)
    # In place on both engines (SQLite since 3.35): a batch copy of the table would drop and
    # re-create unit, and with foreign keys on, dropping it deletes its unitclerk rows (cascade).
    bind.exec_driver_sql('ALTER TABLE unit DROP COLUMN serving_clerks')
    if bind.dialect.name != 'postgresql':
        return
    bind.exec_driver_sql(_FUNCTIONS)
    for table in _WRITE_CHECKS:
        for statement in _policies(table):
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for table in _WRITE_CHECKS:
            for policy in ('wrc_read', 'wrc_insert', 'wrc_update', 'wrc_delete'):
                bind.exec_driver_sql(f'DROP POLICY IF EXISTS {policy} ON "{table}"')
            bind.exec_driver_sql(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
            bind.exec_driver_sql(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
        for function in ('wrc_may_write_entity(text, integer)', 'wrc_may_write_case(integer)',
                         'wrc_may_write_permit(integer)', 'wrc_may_write_holder(integer)',
                         'wrc_may_write(integer)', 'wrc_is_admin()'):
            bind.exec_driver_sql(f'DROP FUNCTION IF EXISTS {function}')  # fmt: skip
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('serving_clerks', sa.String(), nullable=False, server_default='')
        )
    unit = sa.table('unit', sa.column('id', sa.Integer), sa.column('serving_clerks', sa.String))
    clerk = sa.table('unitclerk', sa.column('unit_id', sa.Integer), sa.column('login', sa.String))
    names: dict[int, list[str]] = {}
    for unit_id, login in bind.execute(sa.select(clerk.c.unit_id, clerk.c.login)):
        names.setdefault(unit_id, []).append(login)
    for unit_id, logins in names.items():
        bind.execute(
            sa.update(unit).where(unit.c.id == unit_id).values(serving_clerks='\n'.join(logins))
        )
    op.drop_index('ix_unitclerk_unit_id', table_name='unitclerk')
    op.drop_table('unitclerk')
