"""The Pulumi program that deploys the CRDs in crd/ and typed instances of them.

`stack.program.build()` is the program; `__main__.py` (what `pulumi up` runs) only calls it,
and `python -m stack.render` runs it offline with Pulumi's mocks to write Kubernetes YAML.
"""
