"""The people who use the service: users, logins, sessions, tokens and passwords."""
