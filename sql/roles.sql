-- LSATS Hub: the read-only role (docs/operations.md, Read-only access).
--
-- A template, applied by `lsats-run db grant-readonly`, which substitutes:
--   {{readonly_role}}  the read-only role        (configuration; the plan's lsats_readonly)
--   {{app_role}}       the application role that owns and creates the warehouse tables (the plan's lsats_user)
--   {{database}}       the warehouse database    (the plan's lsats_db)
-- Each value must be a plain lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters, not a reserved
-- word); anything else is rejected before this file runs, so substitution cannot inject SQL.
-- Run it as a role allowed to create roles and grant on these schemas (the database owner's superuser, e.g.
-- postgres). Idempotent: re-running grants nothing new. Applied in one transaction.

-- The role is created without LOGIN: analysts' own logins are granted membership. When a password is
-- configured, the runner additionally gives it LOGIN and that password (never through this file).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{{readonly_role}}') THEN
        CREATE ROLE {{readonly_role}} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

GRANT CONNECT ON DATABASE {{database}} TO {{readonly_role}};
GRANT USAGE ON SCHEMA bronze, silver, gold, meta TO {{readonly_role}};

GRANT SELECT ON ALL TABLES IN SCHEMA bronze TO {{readonly_role}};
GRANT SELECT ON ALL TABLES IN SCHEMA silver TO {{readonly_role}};
-- GRANT SELECT ON ALL TABLES IN SCHEMA gold TO {{readonly_role}};  -- Gold deferred (plan §3.2)
GRANT SELECT ON ALL TABLES IN SCHEMA meta TO {{readonly_role}};

-- Tables the application role creates later are readable too.
ALTER DEFAULT PRIVILEGES FOR ROLE {{app_role}} IN SCHEMA bronze GRANT SELECT ON TABLES TO {{readonly_role}};
ALTER DEFAULT PRIVILEGES FOR ROLE {{app_role}} IN SCHEMA silver GRANT SELECT ON TABLES TO {{readonly_role}};
-- ALTER DEFAULT PRIVILEGES FOR ROLE {{app_role}} IN SCHEMA gold GRANT SELECT ON TABLES TO {{readonly_role}};  -- Gold deferred
ALTER DEFAULT PRIVILEGES FOR ROLE {{app_role}} IN SCHEMA meta GRANT SELECT ON TABLES TO {{readonly_role}};
