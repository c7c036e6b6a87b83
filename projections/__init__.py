"""Read models in SQL tables: their projector, catch-up and rebuild, and the queries."""
