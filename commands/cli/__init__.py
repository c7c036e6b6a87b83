"""The `starledger` command line: it only turns options into application calls and results into output."""
