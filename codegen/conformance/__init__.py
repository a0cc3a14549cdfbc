"""Runner for the shared conformance suite (``python -m codegen.conformance``)."""
