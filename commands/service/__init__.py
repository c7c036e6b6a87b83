"""The application: the eventsourcing Application with every command, its models and results."""
