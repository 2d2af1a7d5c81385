-- HUD's roles, databases and grants on the in-chart PostgreSQL, applied by setup.sh at every start of the server as
-- the superuser. Idempotent; the passwords come from the chart's Secret through the environment, so a changed Secret
-- changes them at the server's next start.
\getenv gateway_password HUD_GATEWAY_PASSWORD
\getenv sensors_password HUD_SENSORS_PASSWORD
\getenv backup_password HUD_BACKUP_PASSWORD

SELECT format('CREATE ROLE %I', name) FROM unnest(ARRAY['hud_gateway', 'hud_sensors', 'hud_backup']) AS name
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name)
\gexec
-- Restated at every start: a role widened by hand is narrowed again. No service role creates roles or databases.
ALTER ROLE hud_gateway WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'gateway_password';
ALTER ROLE hud_sensors WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'sensors_password';
ALTER ROLE hud_backup WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'backup_password';
-- The backup reads every table, view and sequence and may write nothing (PostgreSQL 14+'s predefined role).
GRANT pg_read_all_data TO hud_backup;

SELECT format('CREATE DATABASE %I OWNER %I', db, owner)
FROM (VALUES ('hud_gateway', 'hud_gateway'), ('hud_telemetry', 'hud_sensors')) AS wanted (db, owner)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db)
\gexec
-- Each service owns its database (its migrations create and alter the tables; PostgreSQL 15 gives the database's
-- owner the public schema). Databases an older chart's services made are the superuser's: handed over here.
ALTER DATABASE hud_gateway OWNER TO hud_gateway;
ALTER DATABASE hud_telemetry OWNER TO hud_sensors;
-- Only its owner and the backup connect to a database: the gateway cannot reach the telemetry, nor the sensors the
-- app data.
REVOKE ALL ON DATABASE hud_gateway, hud_telemetry FROM PUBLIC;
GRANT CONNECT ON DATABASE hud_gateway, hud_telemetry TO hud_backup;

-- What the superuser made in a database (the tables of an older chart's services, which connected as it) goes to the
-- database's owner: tables (their indexes and column sequences follow), views, other sequences.
\set hand_over 'SELECT format(''ALTER %s %s OWNER TO %I'', CASE c.relkind WHEN ''S'' THEN ''SEQUENCE'' WHEN ''v'' THEN ''VIEW'' WHEN ''m'' THEN ''MATERIALIZED VIEW'' WHEN ''f'' THEN ''FOREIGN TABLE'' ELSE ''TABLE'' END, c.oid::regclass, pg_get_userbyid(d.datdba)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_database d ON d.datname = current_database() WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND c.relkind IN (''r'', ''p'', ''v'', ''m'', ''S'', ''f'') AND n.nspname <> ''information_schema'' AND n.nspname !~ ''^pg_'' AND NOT (c.relkind = ''S'' AND EXISTS (SELECT FROM pg_depend dep WHERE dep.classid = ''pg_class''::regclass AND dep.objid = c.oid AND dep.deptype IN (''a'', ''i'')))'
\connect hud_gateway
:hand_over
\gexec
\connect hud_telemetry
:hand_over
\gexec
