# generated from fixtures/gadgets.yaml by codegen — do not edit.
"""API group golden.example.com: versions v1beta1."""
