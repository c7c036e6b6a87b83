"""The demo organisation: a seeded year of a Party organisation, built through the application."""
