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
functions the policies call (owned by the role running this migration: the owner)
read who acts from ``session_user``, which a clerk cannot change (``SET ROLE``
changes ``current_user`` only).

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

# Who is the administrator: a member of the database's owner role. A plain STABLE function
# (no SECURITY DEFINER, no SET clause: it reads only the catalog, which every login may), its
# names schema-qualified since a body is parsed with the caller's search_path. The policies
# call it as a scalar subquery, (SELECT …), which the server evaluates once per statement
# instead of once per row.
_FUNCTIONS = """
CREATE FUNCTION public.wrc_is_admin() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user, d.datdba, 'MEMBER')
    FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
$$;
"""
_ADMIN = "(SELECT public.wrc_is_admin())"


def _of(table: str, key: str) -> str:
    """The unit of the row of ``table`` whose id is ``key`` (NULL when there is none)."""
    return f"(SELECT r.unit_id FROM public.{table} r WHERE r.id = {key})"


def _may_write(unit: str) -> str:
    """A row of ``unit`` may be written: the unit names no one, or names this login, or the
    login is the administrator. Written out in the policy, not called as a function: a
    correlated subquery on unitclerk's index costs microseconds a row, a nested SQL
    function call (measured) about a hundred times more."""
    return (
        f"(NOT EXISTS (SELECT 1 FROM public.unitclerk c WHERE c.unit_id = {unit})"
        f" OR EXISTS (SELECT 1 FROM public.unitclerk c WHERE c.unit_id = {unit}"
        f" AND c.login = session_user) OR {_ADMIN})"
    )


_CASE = '"case"'  # a reserved word, quoted


def _of_entity(row: str) -> str:
    """The unit an audit row is about."""
    return (
        f"(CASE {row}.entity WHEN 'unit' THEN {row}.entity_id"
        f" WHEN 'holder' THEN {_of('holder', f'{row}.entity_id')}"
        f" WHEN 'warning' THEN {_of('holder', f'{row}.entity_id')}"
        f" WHEN 'permit' THEN {_of('permit', f'{row}.entity_id')}"
        f" WHEN 'case' THEN {_of(_CASE, f'{row}.entity_id')} END)"
    )


# table → the condition a row must meet to be written (inserted, changed from and to, deleted),
# given the row's name as the policy sees it. Every column is qualified by it: inside the
# subqueries an unqualified unit_id or id would be unitclerk's own.
_WRITE_CHECKS = {
    'unit': lambda row: _may_write(f'{row}.id'),
    'agent': lambda row: _may_write(f'{row}.unit_id'),
    'holder': lambda row: _may_write(f'{row}.unit_id'),
    'permit': lambda row: _may_write(f'{row}.unit_id'),
    'permitperiod': lambda row: _may_write(_of('permit', f'{row}.permit_id')),
    'familymember': lambda row: _may_write(_of('holder', f'{row}.holder_id')),
    'case': lambda row: _may_write(f'{row}.unit_id'),
    'caseitem': lambda row: _may_write(_of(_CASE, f'{row}.case_id')),
    'caseattachment': lambda row: _may_write(_of(_CASE, f'{row}.case_id')),
    'warningstate': lambda row: _may_write(_of('holder', f'{row}.holder_id')),
    'auditentry': lambda row: _may_write(_of_entity(row)),
    'unitclerk': lambda row: _ADMIN,
    'alembic_version': lambda row: _ADMIN,  # the schema's revision: the administrator's migrations
}
# rows that name who wrote them: a clerk writes them only under their own login
_SIGNED = {'warningstate': 'clerk', 'auditentry': 'clerk'}
_ADMIN_ONLY_CHANGES = {'auditentry'}  # the trail is appended to; undo deletes, nobody rewrites


def _policies(table: str) -> list[str]:
    quoted = f'"{table}"'
    check = _WRITE_CHECKS[table](quoted)
    insert_check = check
    if table in _SIGNED:
        insert_check = f"(({quoted}.{_SIGNED[table]} = session_user AND {check}) OR {_ADMIN})"
    update_check = _ADMIN if table in _ADMIN_ONLY_CHANGES else check
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
        bind.exec_driver_sql('DROP FUNCTION IF EXISTS public.wrc_is_admin()')
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
