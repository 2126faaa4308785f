"""The `concierge` command line (`cli.py`; `python -m concierge` is the same): which words run which
`main(argv)`. It sits above every other package: the only place that wires the sandbox and the benchmarks in."""
