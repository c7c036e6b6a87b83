"""The HTTP entrance: FastAPI over the same application as the command line."""
