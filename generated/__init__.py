# generated from crd/modelserving.yaml by codegen — do not edit.
"""Typed models and Pulumi resources compiled from CRDs."""
