"""The register: SQLModel tables, the session factory, repository functions, migrations, backups and the audit trail."""
