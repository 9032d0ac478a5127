"""What every service's database shares: engines (SQLite embedded, PostgreSQL in production),
all-or-nothing write transactions, and migrations that several workers may start at once."""
