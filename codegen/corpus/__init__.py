"""Run the compiler over a corpus of real-world CRDs and labelled instances.

`python -m codegen.corpus --corpus ../shared/corpus` generates code for every CRD (each on its
own), imports every generated module, type-checks the output with mypy --strict, validates
every labelled instance against its generated model and prints one summary table.
"""
