"""Benchmarks (``make bench``): throughput as a ratio against a floor measured in the same run."""
