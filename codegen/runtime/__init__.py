"""Kubernetes semantics that generated code imports (validation, defaulting, pruning, CEL)."""
