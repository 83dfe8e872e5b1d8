"""The compiled kernel app._dense (everything /api/v1/analyze computes, in one pass).

Metadata lives in pyproject.toml; this file only declares the C extension, which
`pip install -e .` builds in place with the system's C compiler. It is optional: where
it cannot be built the install still succeeds, the server logs a warning at start
(app.main), and app.analysis answers with numpy alone.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "app._dense",
            ["app/_dense.c"],
            extra_compile_args=["-O2", "-std=c99"],
            optional=True,
        ),
    ]
)
