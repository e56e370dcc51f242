-- The database roles of the compose stack; deploy/postgres-roles.sh runs it once, when
-- PostgreSQL initialises its data directory, with psql variables:
--   owner        the role that owns the database and runs the migrations (kipni)
--   api_role     the role the API, the outbox worker and the checkpoint use (kipni_api)
--   api_password its password
--   database     the database (kipni)
--
-- The API role may read and write rows of the tables the owner creates, and nothing
-- else. It owns no table, so it cannot drop or alter one, nor disable the trigger that
-- keeps audit_events append-only; it cannot create roles, databases or schema objects.
CREATE ROLE :"api_role" LOGIN PASSWORD :'api_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"api_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"api_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"api_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"api_role";
