"""The office's roles on a shared register: who owns it, who administers it, who may use it.

Three kinds of login (README, 共享登记册): the **owner** role, which cannot log in and
owns the database and every table, function and policy; the **administrator**, the
only login that is a member of the owner role (schema upgrades, restores, copies,
which clerks serve which unit); and the **clerks**, members of a clerk role that has
only the data grants. A database restored from a backup must be set up the same way
before the clerks can use it: this module reads how the live one is set up and
repeats it on the new one — its owner, who may connect (and ``REVOKE ALL … FROM
PUBLIC``), and the roles the tables are granted to, with the same privileges (also for
tables created later, as the setup's default privileges do).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from . import engines

_PUBLIC = 0  # the grantee of a grant to PUBLIC in an ACL


@dataclass(frozen=True)
class Office:
    """How the live register's database is set up."""

    login: str  # who asks (session_user)
    owner: str  # the database's owner role
    administrator: bool  # whether ``login`` is a member of the owner role
    database_grants: tuple[tuple[str, str], ...]  # (role, CONNECT / TEMPORARY / CREATE)
    table_grants: tuple[tuple[str, str], ...]  # (role, SELECT / INSERT / UPDATE / DELETE …)


def _connect(url: URL):
    import psycopg

    return psycopg.connect(engines.connect_url(url), autocommit=True)


def read_office(live: URL) -> Office:
    """The owner, administrator and grants of the database at ``live``."""
    with _connect(live) as connection:
        login, owner, administrator = connection.execute(
            "SELECT session_user, pg_get_userbyid(d.datdba), "
            "pg_has_role(session_user, d.datdba, 'MEMBER') "
            "FROM pg_database d WHERE d.datname = current_database()"
        ).fetchone()
        database_grants = connection.execute(
            "SELECT DISTINCT pg_get_userbyid(a.grantee), a.privilege_type "
            "FROM pg_database d, aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a "
            "WHERE d.datname = current_database() AND a.grantee <> %s AND a.grantee <> d.datdba "
            "ORDER BY 1, 2",
            (_PUBLIC,),
        ).fetchall()
        table_grants = connection.execute(
            "SELECT DISTINCT pg_get_userbyid(a.grantee), a.privilege_type "
            "FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = to_regclass('public.holder') AND a.grantee <> c.relowner "
            "AND a.grantee <> %s ORDER BY 1, 2",
            (_PUBLIC,),
        ).fetchall()
    return Office(
        login=login,
        owner=owner,
        administrator=bool(administrator),
        database_grants=tuple(map(tuple, database_grants)),
        table_grants=tuple(map(tuple, table_grants)),
    )


def _grantees(grants: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role, privilege in grants:
        found.setdefault(role, []).append(privilege)
    return found


def grant_database(target: URL, office: Office) -> None:
    """The new database: no one but the grantees of the live one may connect."""
    from psycopg import sql

    name = sql.Identifier(target.database or "")
    with _connect(target) as connection:
        connection.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(name))
        for role, privileges in _grantees(office.database_grants).items():
            connection.execute(
                sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                    sql.SQL(", ").join(sql.SQL(p) for p in privileges), name, sql.Identifier(role)
                )
            )
        for role in _grantees(office.table_grants):  # the clerk role uses the database too
            connection.execute(
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                    name, sql.Identifier(role)
                )
            )


def grant_tables(target: URL, office: Office) -> None:
    """The new database's tables and sequences granted as the live one's are, now and for
    tables a later migration creates (as the owner role, which owns them)."""
    from psycopg import sql

    with _connect(target) as connection, connection.transaction():
        connection.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(office.owner)))
        for role, privileges in _grantees(office.table_grants).items():
            grantee = sql.Identifier(role)
            listed = sql.SQL(", ").join(sql.SQL(p) for p in privileges)
            statements = (
                "GRANT {listed} ON ALL TABLES IN SCHEMA public TO {grantee}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {grantee}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {listed} ON TABLES TO {grantee}",
                (
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                    "GRANT USAGE, SELECT ON SEQUENCES TO {grantee}"
                ),
            )
            for statement in statements:
                connection.execute(sql.SQL(statement).format(grantee=grantee, listed=listed))
