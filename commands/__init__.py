"""The application service, the command line and (later) the HTTP API."""
