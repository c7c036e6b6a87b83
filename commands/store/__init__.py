"""The write side's storage: event store, hash chain, entry index and aggregate cache."""
