"""Demo data, benchmarks and developer helpers: never business logic."""
