#!/bin/sh
# Runs once, when the PostgreSQL container initialises its data directory: creates the
# role the API runs as (see postgres-roles.sql beside this file).
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner="$POSTGRES_USER" -v api_role=kipni_api -v database="$POSTGRES_DB" \
     -v api_password="$KIPNI_API_DB_PASSWORD" -f /docker-entrypoint-initdb.d/postgres-roles.sql.in
