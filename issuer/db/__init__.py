"""The issuer's data, kept with Piccolo: tables, the engine and migrations."""
