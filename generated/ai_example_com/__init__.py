# generated from crd/modelserving.yaml by codegen — do not edit.
"""API group ai.example.com: versions v1, v1alpha1."""
