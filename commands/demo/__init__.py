"""The demo organisation: a seeded year of a Party organisation, built through the application."""

DEMO_DB = "sqlite:///starledger-demo.db"  # here, not in build.py, so `--help` need not load the generator
