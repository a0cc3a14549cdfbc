# generated from fixtures/gadgets.yaml by codegen — do not edit.
"""Typed models and Pulumi resources compiled from CRDs."""
