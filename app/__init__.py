"""gradviz: the softmax and cross-entropy gradient, made visible."""

__version__ = "0.1.0"
