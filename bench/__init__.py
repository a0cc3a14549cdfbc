"""Benchmarks: the compiler and its generated code, side by side with the alternatives.

    python -m bench [--quick] [--only NAME ...] [--corpus PATH] [--list]

Each benchmark prints a short table and the ratios it measured in the same run. They are not
tests: nothing here fails a build when a target is missed; a missed target is printed as such.
"""
