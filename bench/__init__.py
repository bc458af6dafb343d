"""The performance benchmark of the indicator engine (issue 3): see docs/performance.md."""
