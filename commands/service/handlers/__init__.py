"""The write side: the application's command groups by feature, on one eventsourcing Application."""
