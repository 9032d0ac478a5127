"""The verifier's database: tables, migrations and the Piccolo app config."""
