"""The lecture's derivations written out with the request's own numbers, as LaTeX and MathML."""
