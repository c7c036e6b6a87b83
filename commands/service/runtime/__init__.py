"""What the application runs on: configuration, per-thread state, retries and idempotency keys."""
